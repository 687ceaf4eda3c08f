package dev.engram.ingest.session;

import dev.engram.ingest.sql.Params;
import io.r2dbc.postgresql.codec.Json;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** SQL for {@code sessions}; every read is scoped to the key's team and, when it has one, project. */
@Repository
class SessionRepository {

    private static final String INSERT = """
            INSERT INTO sessions (team_id, project_id, external_session_id, content_session_id, agent_id,
                                  agent_type, platform_source, metadata)
            VALUES (:team, :project, :external, :content, :agentId, :agentType, :platform, :metadata)
            ON CONFLICT (team_id, project_id, (COALESCE(platform_source, '')), external_session_id)
                WHERE external_session_id IS NOT NULL
            DO NOTHING
            RETURNING %s
            """.formatted(StoredSession.COLUMNS);

    private static final String FIND_BY_EXTERNAL_ID = """
            SELECT %s FROM sessions
             WHERE team_id = :team AND project_id = :project AND external_session_id = :external
               AND COALESCE(platform_source, '') = COALESCE(:platform::text, '')
            """.formatted(StoredSession.COLUMNS);

    private static final String FIND_BY_ID = """
            SELECT %s FROM sessions
             WHERE id = :id AND team_id = :team AND (:project::text IS NULL OR project_id = :project)
            """.formatted(StoredSession.COLUMNS);

    private static final String FIND_BY_CONTENT_ID = """
            SELECT %s FROM sessions
             WHERE team_id = :team AND project_id = :project AND content_session_id = :content
             ORDER BY created_at DESC LIMIT 1
            """.formatted(StoredSession.COLUMNS);

    private static final String END = """
            UPDATE sessions
               SET ended_at = now(), updated_at = now(), generation_status = 'queued'
             WHERE id = :id AND team_id = :team AND (:project::text IS NULL OR project_id = :project)
               AND ended_at IS NULL
            RETURNING %s
            """.formatted(StoredSession.COLUMNS);

    private final DatabaseClient db;

    SessionRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Inserts the session, or completes empty when one with the same external id exists. */
    Mono<StoredSession> insertIfAbsent(String teamId, NewSession session) {
        return db.sql(INSERT)
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
        return db.sql(FIND_BY_EXTERNAL_ID)
                .bind("team", teamId)
                .bind("project", session.projectId())
                .bind("external", session.externalSessionId())
                .bind("platform", Params.nullable(session.platformSource(), String.class))
                .map((row, meta) -> StoredSession.from(row))
                .one();
    }

    Mono<StoredSession> findById(UUID id, String teamId, @Nullable String projectScope) {
        return db.sql(FIND_BY_ID)
                .bind("id", id)
                .bind("team", teamId)
                .bind("project", Params.nullable(projectScope, String.class))
                .map((row, meta) -> StoredSession.from(row))
                .one();
    }

    /** The newest session of the project with this agent-side id. */
    Mono<StoredSession> findByContentSessionId(String teamId, String projectId, String contentSessionId) {
        return db.sql(FIND_BY_CONTENT_ID)
                .bind("team", teamId)
                .bind("project", projectId)
                .bind("content", contentSessionId)
                .map((row, meta) -> StoredSession.from(row))
                .one();
    }

    /** Ends the session if it has not ended; completes empty when it had (or is not in scope). */
    Mono<StoredSession> endIfOpen(UUID id, String teamId, @Nullable String projectScope) {
        return db.sql(END)
                .bind("id", id)
                .bind("team", teamId)
                .bind("project", Params.nullable(projectScope, String.class))
                .map((row, meta) -> StoredSession.from(row))
                .one();
    }
}
