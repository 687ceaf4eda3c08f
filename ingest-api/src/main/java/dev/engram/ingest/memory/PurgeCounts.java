package dev.engram.ingest.memory;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** How many rows of each table a project purge deleted; the {@code counts} of the purge's answer. */
record PurgeCounts(long observations, long observationSources, long events, long sessions, long jobs,
        long jobEvents, long outbox) {

    /** The same counts for the purge's audit row. */
    ObjectNode details() {
        return JsonNodeFactory.instance.objectNode()
                .put("observations", observations)
                .put("observationSources", observationSources)
                .put("events", events)
                .put("sessions", sessions)
                .put("jobs", jobs)
                .put("jobEvents", jobEvents)
                .put("outbox", outbox);
    }
}
