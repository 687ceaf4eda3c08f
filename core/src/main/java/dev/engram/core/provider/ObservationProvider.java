package dev.engram.core.provider;

/**
 * Turns a prompt into the provider's raw answer text; parsing the answer is shared and lives in
 * {@code dev.engram.core.observation}. Implementations throw {@link ProviderException} on failure.
 */
public interface ObservationProvider {

    /** The provider's name as configured ({@code rules}, {@code anthropic}, {@code openai}, ...). */
    String name();

    String generate(String prompt);
}
