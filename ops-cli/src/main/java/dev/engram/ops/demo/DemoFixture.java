package dev.engram.ops.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The recorded Claude Code session shipped in the jar ({@code demo/claude-code-session.json}): a
 * developer has Claude fix a flaky retry in a Java HTTP client.
 */
public final class DemoFixture {

    static final String RESOURCE = "/demo/claude-code-session.json";

    private final JsonMapper json;

    public DemoFixture(JsonMapper json) {
        this.json = json;
    }

    /**
     * The session's events in order, addressed to {@code projectId} and {@code serverSessionId}. Each run
     * gets its own {@code runId} in the agent-side ids, so a second demo against the same database is a
     * new session rather than a replay the server would deduplicate.
     */
    public List<DemoEvent> events(String projectId, String serverSessionId, String runId) {
        JsonNode root = read();
        List<DemoEvent> events = new ArrayList<>();
        for (JsonNode item : root.path("events")) {
            ObjectNode body = (ObjectNode) item.path("body").deepCopy();
            body.put("projectId", projectId);
            body.put("serverSessionId", serverSessionId);
            body.put("contentSessionId", contentSessionId(runId));
            if (body.hasNonNull("sourceEventId")) {
                body.put("sourceEventId", body.get("sourceEventId").asString() + "-" + runId);
            }
            events.add(new DemoEvent(body, item.path("expectObservation").asBoolean(true)));
        }
        if (events.isEmpty()) {
            throw new IllegalStateException(RESOURCE + " holds no events");
        }
        return events;
    }

    /** The agent-side session id of a run. */
    public static String contentSessionId(String runId) {
        return "demo-" + runId;
    }

    private JsonNode read() {
        try (InputStream in = DemoFixture.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
