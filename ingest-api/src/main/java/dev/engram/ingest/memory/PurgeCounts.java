package dev.engram.ingest.memory;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** How many rows of each table a project purge deleted. */
record PurgeCounts(long observations, long observationSources, long events, long sessions, long jobs,
        long jobEvents, long outbox) {

    Map<String, Object> view() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("observations", observations);
        view.put("observationSources", observationSources);
        view.put("events", events);
        view.put("sessions", sessions);
        view.put("jobs", jobs);
        view.put("jobEvents", jobEvents);
        view.put("outbox", outbox);
        return view;
    }

    ObjectNode details() {
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        view().forEach((name, count) -> details.put(name, (Long) count));
        return details;
    }
}
