package dev.engram.ops.demo;

import java.util.List;

/**
 * The outcome of a demo run.
 *
 * @param outcomes one per posted event, in session order
 */
public record DemoResult(List<EventOutcome> outcomes) {

    public DemoResult {
        outcomes = List.copyOf(outcomes);
    }

    /** Every event that should yield an observation did. */
    public boolean succeeded() {
        return !outcomes.isEmpty() && outcomes.stream().allMatch(EventOutcome::satisfied);
    }

    public int observationCount() {
        return outcomes.stream().mapToInt(o -> o.observations().size()).sum();
    }

    /** The events that should have yielded an observation and did not. */
    public List<EventOutcome> missing() {
        return outcomes.stream().filter(o -> !o.satisfied()).toList();
    }
}
