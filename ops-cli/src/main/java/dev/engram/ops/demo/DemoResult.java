package dev.engram.ops.demo;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of a demo run.
 *
 * @param outcomes one per posted event, in session order
 * @param summary the session's summary, null when none came back in time
 */
public record DemoResult(List<EventOutcome> outcomes, @Nullable Observation summary) {

    public DemoResult {
        outcomes = List.copyOf(outcomes);
    }

    /** Every event that should yield an observation did, and the ended session was summarised. */
    public boolean succeeded() {
        return !outcomes.isEmpty() && outcomes.stream().allMatch(EventOutcome::satisfied) && summary != null;
    }

    public int observationCount() {
        return outcomes.stream().mapToInt(o -> o.observations().size()).sum();
    }

    /** The events that should have yielded an observation and did not. */
    public List<EventOutcome> missing() {
        return outcomes.stream().filter(o -> !o.satisfied()).toList();
    }
}
