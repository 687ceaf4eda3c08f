package dev.engram.ops.portable;

import dev.engram.core.store.PortableObservation;
import dev.engram.core.store.PortableSession;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Engram's export format, version 1: JSON Lines, a header line then one line per session, observation, summary or
 * memory, sessions before what belongs to them (docs/operations.md#export-and-import).
 *
 * <pre>
 * {"format":"engram-export","version":1,"team":"t","project":"p","exportedAt":"...","since":null}
 * {"type":"session","id":"...","externalSessionId":"...",...,"startedAt":"...",...}
 * {"type":"observation","id":"...","sessionId":"...","kind":"discovery","content":"...","metadata":{},...}
 * </pre>
 */
final class ExportFormat {

    static final String FORMAT = "engram-export";
    static final int VERSION = 1;

    static final String SESSION = "session";
    static final String OBSERVATION = "observation";
    static final String SUMMARY = "summary";
    static final String MEMORY = "memory";

    static final JsonMapper JSON = JsonMapper.builder().build();

    private ExportFormat() {
    }

    static String header(String teamId, String projectId, Instant exportedAt, @Nullable Instant since) {
        ObjectNode header = JSON.createObjectNode().put("format", FORMAT).put("version", VERSION).put("team", teamId)
                .put("project", projectId).put("exportedAt", exportedAt.toString())
                .put("since", since == null ? null : since.toString());
        return JSON.writeValueAsString(header);
    }

    static String line(PortableSession s) {
        ObjectNode line = JSON.createObjectNode().put("type", SESSION).put("id", s.id().toString())
                .put("externalSessionId", s.externalSessionId()).put("contentSessionId", s.contentSessionId())
                .put("agentId", s.agentId()).put("agentType", s.agentType()).put("platformSource", s.platformSource())
                .put("generationStatus", s.generationStatus());
        line.set("metadata", JSON.readTree(s.metadataJson()));
        line.put("startedAt", s.startedAt().toString()).put("endedAt", text(s.endedAt()))
                .put("lastGeneratedAt", text(s.lastGeneratedAt())).put("createdAt", s.createdAt().toString())
                .put("updatedAt", s.updatedAt().toString());
        return JSON.writeValueAsString(line);
    }

    static String line(PortableObservation o) {
        ObjectNode line = JSON.createObjectNode().put("type", typeOf(o)).put("id", o.id().toString())
                .put("sessionId", o.sessionId() == null ? null : o.sessionId().toString()).put("kind", o.kind())
                .put("content", o.content());
        line.set("metadata", JSON.readTree(o.metadataJson()));
        line.put("generationKey", o.generationKey()).put("createdByJobId", o.createdByJobId())
                .put("createdAt", o.createdAt().toString()).put("updatedAt", o.updatedAt().toString());
        return JSON.writeValueAsString(line);
    }

    /** {@code summary}, {@code memory} (written directly, no generation key) or {@code observation}. */
    static String typeOf(PortableObservation o) {
        if (SUMMARY.equals(o.kind())) {
            return SUMMARY;
        }
        return o.generationKey() == null ? MEMORY : OBSERVATION;
    }

    static @Nullable String text(@Nullable Instant instant) {
        return instant == null ? null : instant.toString();
    }

    static boolean isNull(@Nullable JsonNode node) {
        return node == null || node.isNull();
    }
}
