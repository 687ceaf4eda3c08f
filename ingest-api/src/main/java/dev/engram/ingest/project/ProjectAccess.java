package dev.engram.ingest.project;

import dev.engram.core.job.GenerationPolicy;
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

    private static final String PROJECT_IN_TEAM = """
            SELECT COALESCE(generation_policy, '') AS policy FROM projects WHERE id = :project AND team_id = :team
            """;
    private static final String SESSION_IN_PROJECT = """
            SELECT 1 FROM sessions WHERE id = :session AND team_id = :team AND project_id = :project
            """;
    private static final String REFUSAL = "project_id must belong to team_id";

    private final DatabaseClient db;

    ProjectAccess(DatabaseClient db) {
        this.db = db;
    }

    /** The project, when the key may write to it (and to the session, when one is named); else 403. */
    public Mono<WritableProject> requireWritable(ApiKeyPrincipal key, String projectId,
            @Nullable String serverSessionId) {
        key.requireProjectInScope(projectId);
        Mono<WritableProject> project = db.sql(PROJECT_IN_TEAM).bind("project", projectId).bind("team", key.teamId())
                .map((row, meta) -> row.get("policy", String.class))
                .first()
                .map(policy -> new WritableProject(projectId,
                        policy.isEmpty() ? null : GenerationPolicy.fromWireName(policy)))
                .switchIfEmpty(Mono.error(() -> new ApiException.Forbidden(REFUSAL)));
        if (serverSessionId == null) {
            return project;
        }
        UUID session = parseUuid(serverSessionId);
        if (session == null) {
            return Mono.error(new ApiException.Forbidden(REFUSAL));
        }
        Mono<Integer> sessionRow = db.sql(SESSION_IN_PROJECT).bind("session", session).bind("team", key.teamId())
                .bind("project", projectId).map((row, meta) -> 1).first()
                .switchIfEmpty(Mono.error(() -> new ApiException.Forbidden(REFUSAL)));
        return project.flatMap(writable -> sessionRow.thenReturn(writable));
    }

    public static @Nullable UUID parseUuid(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
