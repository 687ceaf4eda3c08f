package dev.engram.ingest.project;

import dev.engram.ingest.api.ApiException;
import dev.engram.ingest.auth.ApiKeyPrincipal;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Checks that a project (and a session) named in a request body is inside the key's scope, before
 * anything is written. Refusals are 403, as claude-mem answers them.
 */
@Component
public class ProjectAccess {

    private static final String PROJECT_IN_TEAM = "SELECT 1 FROM projects WHERE id = :project AND team_id = :team";
    private static final String SESSION_IN_PROJECT = """
            SELECT 1 FROM sessions WHERE id = :session AND team_id = :team AND project_id = :project
            """;
    private static final String REFUSAL = "project_id must belong to team_id";

    private final DatabaseClient db;

    ProjectAccess(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Void> requireWritable(ApiKeyPrincipal key, String projectId, @Nullable String serverSessionId) {
        key.requireProjectInScope(projectId);
        Mono<Void> project = exists(db.sql(PROJECT_IN_TEAM).bind("project", projectId).bind("team", key.teamId())
                .map((row, meta) -> 1).first());
        if (serverSessionId == null) {
            return project;
        }
        UUID session = parseUuid(serverSessionId);
        if (session == null) {
            return Mono.error(new ApiException.Forbidden(REFUSAL));
        }
        return project.then(exists(db.sql(SESSION_IN_PROJECT).bind("session", session).bind("team", key.teamId())
                .bind("project", projectId).map((row, meta) -> 1).first()));
    }

    private static Mono<Void> exists(Mono<Integer> row) {
        return row.switchIfEmpty(Mono.error(() -> new ApiException.Forbidden(REFUSAL))).then();
    }

    public static @Nullable UUID parseUuid(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
