package dev.engram.core.provider;

/**
 * Turns a prompt into the provider's raw answer text; parsing the answer is shared and lives in
 * {@code dev.engram.core.observation}. Implementations throw {@link ProviderException} on failure.
 */
public interface ObservationProvider {

    /** The provider's name as configured ({@code rules}, {@code anthropic}, {@code openai}, ...). */
    String name();

    String generate(String prompt);

    /** The answer with what it cost; a provider that counts tokens overrides this. */
    default ProviderReply reply(String prompt) {
        return ProviderReply.of(generate(prompt));
    }

    /**
     * Whether the provider answers in-process, in about the time of a statement, and costs nothing per call
     * (the offline {@code rules} extractors). A processor then runs a job's claim, generation, results and
     * completion in one transaction; for a remote model the claim commits first, so a duplicate delivery
     * never pays for a second call and no transaction stays open during one.
     */
    default boolean local() {
        return false;
    }
}
