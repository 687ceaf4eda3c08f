package dev.engram.ingest.memory;

import dev.engram.ingest.sql.Params;
import io.r2dbc.postgresql.codec.Json;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * SQL for memories in {@code observations}: the insert of a manual memory (no generation key, no job)
 * and the scoped delete of one observation.
 */
@Repository
class MemoryRepository {

    private static final String INSERT = """
            INSERT INTO observations (team_id, project_id, server_session_id, kind, content, metadata)
            VALUES (:team, :project, :session, :kind, :content, :metadata)
            RETURNING %s
            """.formatted(StoredMemory.COLUMNS);

    // observation_sources rows go with it (ON DELETE CASCADE)
    private static final String DELETE = """
            DELETE FROM observations
             WHERE id = :id AND team_id = :team AND (:project::text IS NULL OR project_id = :project)
            RETURNING project_id
            """;

    private final DatabaseClient db;

    MemoryRepository(DatabaseClient db) {
        this.db = db;
    }

    Mono<StoredMemory> insert(String teamId, NewMemory memory, @Nullable UUID serverSessionId) {
        return db.sql(INSERT)
                .bind("team", teamId)
                .bind("project", memory.projectId())
                .bind("session", Params.nullable(serverSessionId, UUID.class))
                .bind("kind", memory.kind())
                .bind("content", memory.content())
                .bind("metadata", Json.of(memory.metadata().toString()))
                .map((row, meta) -> StoredMemory.from(row))
                .one();
    }

    /** Deletes the observation when it is in scope and answers its project; empty when it was not there. */
    Mono<String> delete(UUID id, String teamId, @Nullable String projectScope) {
        return db.sql(DELETE)
                .bind("id", id)
                .bind("team", teamId)
                .bind("project", Params.nullable(projectScope, String.class))
                .map((row, meta) -> row.get("project_id", String.class))
                .one();
    }
}
