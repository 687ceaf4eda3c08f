package dev.engram.ingest.session;

import dev.engram.core.sql.SessionsSql;
import dev.engram.ingest.sql.Params;
import io.r2dbc.postgresql.codec.Json;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The reactive owner of {@code sessions} (its SQL is {@link SessionsSql}); every read is scoped to the key's
 * team and, when it has one, project.
 */
@Repository
public class SessionRepository {

    private final DatabaseClient db;

    SessionRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Inserts the session, or completes empty when one with the same external id exists. */
    Mono<StoredSession> insertIfAbsent(String teamId, NewSession session) {
        return db.sql(SessionsSql.INSERT_IF_ABSENT)
                .bind("team", teamId)
                .bind("project", session.projectId())
                .bind("external", Params.nullable(session.externalSessionId(), String.class))
                .bind("content", Params.nullable(session.contentSessionId(), String.class))
                .bind("agentId", Params.nullable(session.agentId(), String.class))
                .bind("agentType", Params.nullable(session.agentType(), String.class))
                .bind("platform", Params.nullable(session.platformSource(), String.class))
                .bind("metadata", Json.of(session.metadata().toString()))
                .map((row, meta) -> StoredSession.from(row))
                .one();
    }

    Mono<StoredSession> findByExternalId(String teamId, NewSession session) {
        return db.sql(SessionsSql.FIND_BY_EXTERNAL_ID)
                .bind("team", teamId)
                .bind("project", session.projectId())
                .bind("external", session.externalSessionId())
                .bind("platform", Params.nullable(session.platformSource(), String.class))
                .map((row, meta) -> StoredSession.from(row))
                .one();
    }

    Mono<StoredSession> findById(UUID id, String teamId, @Nullable String projectScope) {
        return db.sql(SessionsSql.FIND_BY_ID)
                .bind("id", id)
                .bind("team", teamId)
                .bind("project", Params.nullable(projectScope, String.class))
                .map((row, meta) -> StoredSession.from(row))
                .one();
    }

    /** The newest session of the project with this agent-side id. */
    Mono<StoredSession> findByContentSessionId(String teamId, String projectId, String contentSessionId) {
        return db.sql(SessionsSql.FIND_BY_CONTENT_ID)
                .bind("team", teamId)
                .bind("project", projectId)
                .bind("content", contentSessionId)
                .map((row, meta) -> StoredSession.from(row))
                .one();
    }

    /** Ends the session if it has not ended; completes empty when it had (or is not in scope). */
    Mono<StoredSession> endIfOpen(UUID id, String teamId, @Nullable String projectScope) {
        return db.sql(SessionsSql.END_IF_OPEN)
                .bind("id", id)
                .bind("team", teamId)
                .bind("project", Params.nullable(projectScope, String.class))
                .map((row, meta) -> StoredSession.from(row))
                .one();
    }

    /** A page of the project's sessions, newest first, with their counts and first prompt. */
    Flux<ListedSession> listForProject(String teamId, String projectId, SessionPage.Query query) {
        SessionPage.Cursor before = query.before();
        return db.sql(SessionsSql.LIST_FOR_PROJECT)
                .bind("team", teamId)
                .bind("project", projectId)
                .bind("beforeStarted", Params.nullable(before == null ? null : before.startedAt(), Instant.class))
                .bind("beforeId", Params.nullable(before == null ? null : before.id(), UUID.class))
                .bind("limit", query.limit())
                .map((row, meta) -> new ListedSession(StoredSession.from(row), row.get("event_count", Long.class),
                        row.get("observation_count", Long.class), row.get("first_prompt", String.class)))
                .all();
    }

    /** A session as the project's list reads it. */
    record ListedSession(StoredSession session, long eventCount, long observationCount, @Nullable String firstPrompt) {
    }

    /** Whether the session is one of this project's. */
    Mono<Boolean> existsInProject(UUID sessionId, String teamId, String projectId) {
        return db.sql(SessionsSql.EXISTS_IN_PROJECT).bind("session", sessionId).bind("team", teamId)
                .bind("project", projectId)
                .map((row, meta) -> true)
                .first()
                .defaultIfEmpty(false);
    }

    /** Deletes every session of the project; part of a purge, in the caller's transaction. */
    public Mono<Long> deleteProject(String teamId, String projectId) {
        return db.sql(SessionsSql.DELETE_PROJECT).bind("team", teamId).bind("project", projectId)
                .fetch().rowsUpdated();
    }
}
