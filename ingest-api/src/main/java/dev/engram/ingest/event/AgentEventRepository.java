package dev.engram.ingest.event;

import io.r2dbc.postgresql.codec.Json;
import java.time.Instant;
import java.util.UUID;
import dev.engram.core.sql.AgentEventsSql;
import dev.engram.ingest.sql.Params;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * The reactive owner of {@code agent_events} (its SQL is {@link AgentEventsSql}); every read is filtered by the
 * caller's team and, when the key has one, project.
 */
@Repository
public class AgentEventRepository {

    private final DatabaseClient db;

    AgentEventRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Inserts the event, or completes empty when an event with the same idempotency key exists. */
    Mono<StoredEvent> insertIfAbsent(UUID id, String teamId, NewEvent event, String idempotencyKey,
            Instant receivedAt) {
        return db.sql(AgentEventsSql.INSERT_IF_ABSENT)
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
        return db.sql(AgentEventsSql.FIND_BY_IDEMPOTENCY_KEY)
                .bind("team", teamId)
                .bind("project", projectId)
                .bind("idempotencyKey", idempotencyKey)
                .map((row, meta) -> StoredEvent.from(row))
                .one();
    }

    Mono<StoredEvent> findById(UUID id, String teamId, @Nullable String projectScope) {
        return db.sql(AgentEventsSql.FIND_BY_ID)
                .bind("id", id)
                .bind("team", teamId)
                .bind("project", Params.nullable(projectScope, String.class))
                .map((row, meta) -> StoredEvent.from(row))
                .one();
    }

    /** Deletes every event of the project; part of a purge, in the caller's transaction. */
    public Mono<Long> deleteProject(String teamId, String projectId) {
        return db.sql(AgentEventsSql.DELETE_PROJECT).bind("team", teamId).bind("project", projectId)
                .fetch().rowsUpdated();
    }
}
