package dev.engram.core.observation;

/** What a provider's answer to a summary prompt says: a session summary to store, or that nothing is worth keeping. */
public sealed interface SummaryAnswer {

    /** The first {@code <summary>} block with at least one non-blank field. */
    record Summary(ParsedSummary summary) implements SummaryAnswer {
    }

    /** A {@code <skip_summary/>} answer; {@code reason} is empty when the provider gave none. */
    record Skip(String reason) implements SummaryAnswer {
    }
}
