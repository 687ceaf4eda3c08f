package dev.engram.core.job;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * When events become generation jobs. Set per deployment and overridable per project
 * ({@code projects.generation_policy}).
 */
public enum GenerationPolicy {
    /** One {@code event} job per event. */
    PER_EVENT("per-event"),
    /** A session's events within one window share one {@code event-batch} job, run when the window closes. */
    DEBOUNCE("debounce"),
    /** No per-event jobs; the session's summary job, created when it ends, covers it. */
    END_OF_SESSION("end-of-session");

    private final String wireName;

    GenerationPolicy(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static GenerationPolicy fromWireName(String wireName) {
        return Arrays.stream(values())
                .filter(policy -> policy.wireName.equals(wireName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown generation policy '" + wireName
                        + "'; known: " + Arrays.stream(values()).map(GenerationPolicy::wireName)
                                .collect(Collectors.joining(", "))));
    }
}
