package dev.engram.ingest.session;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * claude-mem's {@code Session}.
 *
 * @param generationStatus its summary's state: {@code idle}, {@code queued}, {@code processing},
 *        {@code completed} or {@code failed}
 */
public record SessionView(
        String id,
        String projectId,
        String teamId,
        @Nullable String externalSessionId,
        @Nullable String contentSessionId,
        @Nullable String agentId,
        @Nullable String agentType,
        @Nullable String platformSource,
        String generationStatus,
        JsonNode metadata,
        long startedAtEpoch,
        @Nullable Long endedAtEpoch,
        @Nullable Long lastGeneratedAtEpoch,
        long createdAtEpoch,
        long updatedAtEpoch) {

    public static SessionView of(StoredSession session, JsonMapper mapper) {
        return new SessionView(session.id().toString(), session.projectId(), session.teamId(),
                session.externalSessionId(), session.contentSessionId(), session.agentId(), session.agentType(),
                session.platformSource(), session.generationStatus(), mapper.readTree(session.metadataJson()),
                session.startedAt().toEpochMilli(),
                session.endedAt() == null ? null : session.endedAt().toEpochMilli(),
                session.lastGeneratedAt() == null ? null : session.lastGeneratedAt().toEpochMilli(),
                session.createdAt().toEpochMilli(), session.updatedAt().toEpochMilli());
    }
}
