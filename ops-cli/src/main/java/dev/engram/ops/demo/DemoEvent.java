package dev.engram.ops.demo;

import tools.jackson.databind.node.ObjectNode;

/**
 * One recorded event of the demo session.
 *
 * @param body the {@code POST /v1/events} body, its {@code projectId} already filled in
 * @param expectObservation whether the pipeline should turn this event into at least one observation
 */
public record DemoEvent(ObjectNode body, boolean expectObservation) {

    /** The tool name, or the event type for events that are not tool uses, to label output lines. */
    public String label() {
        String tool = body.path("payload").path("tool_name").asString("");
        return tool.isEmpty() ? body.path("eventType").asString("event") : tool;
    }
}
