package dev.engram.ingest.event;

import io.r2dbc.postgresql.codec.Json;
import java.time.Instant;
import java.util.UUID;
import dev.engram.ingest.sql.Params;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** SQL for {@code agent_events}; every read is filtered by the caller's team and, when the key has one, project. */
@Repository
class AgentEventRepository {

    private static final String INSERT = """
            INSERT INTO agent_events (id, team_id, project_id, server_session_id, content_session_id,
                                      memory_session_id, source_adapter, source_event_id, event_type,
                                      platform_source, payload, metadata, idempotency_key, occurred_at,
                                      received_at)
            VALUES (:id, :team, :project,
                    COALESCE(:serverSession, (SELECT s.id FROM sessions s
                                               WHERE s.team_id = :team AND s.project_id = :project
                                                 AND s.content_session_id = :contentSession
                                                 AND (:platform::text IS NULL OR s.platform_source = :platform)
                                               ORDER BY s.created_at DESC LIMIT 1)),
                    :contentSession, :memorySession, :sourceAdapter, :sourceEventId, :eventType,
                    :platform, :payload, :metadata, :idempotencyKey, :occurredAt, :receivedAt)
            ON CONFLICT (team_id, project_id, idempotency_key) DO NOTHING
            RETURNING %s
            """.formatted(StoredEvent.COLUMNS);

    private static final String FIND_BY_IDEMPOTENCY_KEY = """
            SELECT %s FROM agent_events
             WHERE team_id = :team AND project_id = :project AND idempotency_key = :idempotencyKey
            """.formatted(StoredEvent.COLUMNS);

    private static final String FIND_BY_ID = """
            SELECT %s FROM agent_events
             WHERE id = :id AND team_id = :team AND (:project::text IS NULL OR project_id = :project)
            """.formatted(StoredEvent.COLUMNS);

    private final DatabaseClient db;

    AgentEventRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Inserts the event, or completes empty when an event with the same idempotency key exists. */
    Mono<StoredEvent> insertIfAbsent(UUID id, String teamId, NewEvent event, String idempotencyKey,
            Instant receivedAt) {
        return db.sql(INSERT)
                .bind("id", id)
                .bind("team", teamId)
                .bind("project", event.projectId())
                .bind("serverSession", Params.nullable(event.serverSessionId() == null ? null
                        : UUID.fromString(event.serverSessionId()), UUID.class))
                .bind("contentSession", Params.nullable(event.contentSessionId(), String.class))
                .bind("memorySession", Params.nullable(event.memorySessionId(), String.class))
                .bind("sourceAdapter", event.sourceType())
                .bind("sourceEventId", Params.nullable(event.sourceEventId(), String.class))
                .bind("eventType", event.eventType())
                .bind("platform", Params.nullable(event.platformSource(), String.class))
                .bind("payload", Json.of(event.payload().toString()))
                .bind("metadata", Json.of(event.metadata().toString()))
                .bind("idempotencyKey", idempotencyKey)
                .bind("occurredAt", event.occurredAt())
                .bind("receivedAt", receivedAt)
                .map((row, meta) -> StoredEvent.from(row))
                .one();
    }

    Mono<StoredEvent> findByIdempotencyKey(String teamId, String projectId, String idempotencyKey) {
        return db.sql(FIND_BY_IDEMPOTENCY_KEY)
                .bind("team", teamId)
                .bind("project", projectId)
                .bind("idempotencyKey", idempotencyKey)
                .map((row, meta) -> StoredEvent.from(row))
                .one();
    }

    Mono<StoredEvent> findById(UUID id, String teamId, @Nullable String projectScope) {
        return db.sql(FIND_BY_ID)
                .bind("id", id)
                .bind("team", teamId)
                .bind("project", Params.nullable(projectScope, String.class))
                .map((row, meta) -> StoredEvent.from(row))
                .one();
    }

}
