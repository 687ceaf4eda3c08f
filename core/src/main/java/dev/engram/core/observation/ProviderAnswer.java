package dev.engram.core.observation;

import java.util.List;

/** What a provider's answer says: observations to store, or that nothing is worth keeping. */
public sealed interface ProviderAnswer {

    /** One or more valid observation blocks, in the order the answer gave them. */
    record Observations(List<ParsedObservation> observations) implements ProviderAnswer {
        public Observations {
            observations = List.copyOf(observations);
        }
    }

    /** A {@code <skip_summary/>} answer; {@code reason} is empty when the provider gave none. */
    record Skip(String reason) implements ProviderAnswer {
    }
}
