package dev.engram.ingest.project;

import dev.engram.core.job.GenerationPolicy;
import dev.engram.core.sql.TenantsSql;
import dev.engram.ingest.sql.Params;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The reactive owner of {@code projects} (its SQL is {@link TenantsSql}): reads inside the key's team. */
@Repository
public class ProjectRepository {

    private final DatabaseClient db;

    ProjectRepository(DatabaseClient db) {
        this.db = db;
    }

    /** The projects the key may read: its team's, or only its own project for a project key; by id. */
    public Flux<ProjectView> readableBy(String teamId, @Nullable String projectScope) {
        return db.sql(TenantsSql.PROJECTS_OF_KEY).bind("team", teamId)
                .bind("project", Params.nullable(projectScope, String.class))
                .map((row, meta) -> new ProjectView(row.get("id", String.class), row.get("name", String.class),
                        row.get("created_at", Instant.class).toEpochMilli()))
                .all();
    }

    /** The project when it is one of the team's, with its own generation policy; empty otherwise. */
    public Mono<WritableProject> findInTeam(String teamId, String projectId) {
        return db.sql(TenantsSql.PROJECT_POLICY_IN_TEAM).bind("project", projectId).bind("team", teamId)
                .map((row, meta) -> row.get("policy", String.class))
                .first()
                .map(policy -> new WritableProject(projectId,
                        policy.isEmpty() ? null : GenerationPolicy.fromWireName(policy)));
    }
}
