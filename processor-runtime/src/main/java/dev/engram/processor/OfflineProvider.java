package dev.engram.processor;

/**
 * A processor's own deterministic provider, chosen by {@code engram.generation.provider=rules}: it needs no
 * key and no network, so the pipeline runs anywhere and tests are exact. Each processor app declares one as
 * a bean of this type (not of {@code ObservationProvider}, which is the runtime's choice among providers).
 */
@FunctionalInterface
public interface OfflineProvider {

    /** The provider name that selects it. */
    String NAME = "rules";

    /** The answer to a prompt, in the XML an LLM would give. */
    String answer(String prompt);
}
