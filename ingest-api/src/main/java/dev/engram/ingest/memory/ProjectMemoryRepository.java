package dev.engram.ingest.memory;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * SQL for purging a project's memory: every row the project produced, table by table, children before
 * parents. Each statement is filtered by team and project; the project row and its keys are kept. The
 * caller runs {@link #purge} inside one transaction.
 */
@Repository
class ProjectMemoryRepository {

    private static final String PROJECT_IN_TEAM = "SELECT 1 FROM projects WHERE id = :project AND team_id = :team";

    private static final String DELETE_OBSERVATION_SOURCES =
            "DELETE FROM observation_sources WHERE team_id = :team AND project_id = :project";
    private static final String DELETE_OBSERVATIONS =
            "DELETE FROM observations WHERE team_id = :team AND project_id = :project";
    // outbox rows carry no tenant columns; they are found through the project's jobs, so before those go
    private static final String DELETE_OUTBOX = """
            DELETE FROM outbox
             WHERE aggregateid IN (SELECT id FROM generation_jobs WHERE team_id = :team AND project_id = :project)
            """;
    private static final String DELETE_JOB_EVENTS =
            "DELETE FROM generation_job_events WHERE team_id = :team AND project_id = :project";
    private static final String DELETE_JOBS =
            "DELETE FROM generation_jobs WHERE team_id = :team AND project_id = :project";
    private static final String DELETE_EVENTS =
            "DELETE FROM agent_events WHERE team_id = :team AND project_id = :project";
    private static final String DELETE_SESSIONS =
            "DELETE FROM sessions WHERE team_id = :team AND project_id = :project";

    private final DatabaseClient db;

    ProjectMemoryRepository(DatabaseClient db) {
        this.db = db;
    }

    Mono<Boolean> projectExists(String teamId, String projectId) {
        return db.sql(PROJECT_IN_TEAM).bind("project", projectId).bind("team", teamId)
                .map((row, meta) -> true)
                .first()
                .defaultIfEmpty(false);
    }

    Mono<PurgeCounts> purge(String teamId, String projectId) {
        return delete(DELETE_OBSERVATION_SOURCES, teamId, projectId).flatMap(sources ->
                delete(DELETE_OBSERVATIONS, teamId, projectId).flatMap(observations ->
                delete(DELETE_OUTBOX, teamId, projectId).flatMap(outbox ->
                delete(DELETE_JOB_EVENTS, teamId, projectId).flatMap(jobEvents ->
                delete(DELETE_JOBS, teamId, projectId).flatMap(jobs ->
                delete(DELETE_EVENTS, teamId, projectId).flatMap(events ->
                delete(DELETE_SESSIONS, teamId, projectId).map(sessions ->
                        new PurgeCounts(observations, sources, events, sessions, jobs, jobEvents, outbox))))))));
    }

    private Mono<Long> delete(String sql, String teamId, String projectId) {
        return db.sql(sql).bind("team", teamId).bind("project", projectId).fetch().rowsUpdated();
    }
}
