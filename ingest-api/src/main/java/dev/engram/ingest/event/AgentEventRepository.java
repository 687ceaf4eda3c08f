package dev.engram.ingest.event;

import io.r2dbc.postgresql.codec.Json;
import java.util.List;
import java.util.UUID;
import dev.engram.core.sql.AgentEventsSql;
import dev.engram.ingest.sql.Params;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ArrayNode;

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

    /**
     * Inserts many events in one statement ({@link AgentEventsSql#INSERT_ALL_IF_ABSENT}); {@code rows} is the
     * statement's JSON array. Returns the inserted rows only, each with its idempotency key.
     */
    Flux<KeyedEvent> insertAllIfAbsent(ArrayNode rows) {
        return db.sql(AgentEventsSql.INSERT_ALL_IF_ABSENT)
                .bind("rows", Json.of(rows.toString()))
                .map((row, meta) -> new KeyedEvent(row.get("idempotency_key", String.class), StoredEvent.from(row)))
                .all();
    }

    /** The stored events named by {@code keys}, a JSON array of {team, project, key}. */
    Flux<KeyedEvent> findByIdempotencyKeys(ArrayNode keys) {
        return db.sql(AgentEventsSql.FIND_BY_IDEMPOTENCY_KEYS)
                .bind("keys", Json.of(keys.toString()))
                .map((row, meta) -> new KeyedEvent(row.get("idempotency_key", String.class), StoredEvent.from(row)))
                .all();
    }

    Mono<StoredEvent> findById(UUID id, String teamId, @Nullable String projectScope) {
        return db.sql(AgentEventsSql.FIND_BY_ID)
                .bind("id", id)
                .bind("team", teamId)
                .bind("project", Params.nullable(projectScope, String.class))
                .map((row, meta) -> StoredEvent.from(row))
                .one();
    }

    /** A session's events in the order they occurred, at most {@code limit}, each with its observations' ids. */
    Flux<EventWithObservations> forSession(String teamId, String projectId, UUID sessionId, int limit) {
        return db.sql(AgentEventsSql.FOR_SESSION_WITH_OBSERVATIONS)
                .bind("team", teamId)
                .bind("project", projectId)
                .bind("session", sessionId)
                .bind("limit", limit)
                .map((row, meta) -> new EventWithObservations(StoredEvent.from(row),
                        List.of(row.get("observation_ids", String[].class))))
                .all();
    }

    /** A stored event with the ids of the observations made from it. */
    record EventWithObservations(StoredEvent event, List<String> observationIds) {
    }

    /** A stored event with the idempotency key it was written under. */
    record KeyedEvent(String idempotencyKey, StoredEvent event) {
    }

    /** Deletes every event of the project; part of a purge, in the caller's transaction. */
    public Mono<Long> deleteProject(String teamId, String projectId) {
        return db.sql(AgentEventsSql.DELETE_PROJECT).bind("team", teamId).bind("project", projectId)
                .fetch().rowsUpdated();
    }
}
