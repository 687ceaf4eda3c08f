package dev.engram.core.sql;

/**
 * SQL for {@code teams} and {@code projects}. A project's id is global and its team is fixed at creation;
 * the id doubles as the {@code projectId} clients send.
 */
public final class TenantsSql {

    public static final String INSERT_TEAM_IF_ABSENT =
            "INSERT INTO teams (id, name) VALUES (:id, :name) ON CONFLICT DO NOTHING";

    public static final String INSERT_PROJECT_IF_ABSENT =
            "INSERT INTO projects (id, team_id, name) VALUES (:id, :team, :name) ON CONFLICT DO NOTHING";

    /** Every project as {@code id, team_id}, of {@code :team} only when not null, by team and id. */
    public static final String PROJECTS = """
            SELECT id, team_id FROM projects WHERE (:team::text IS NULL OR team_id = :team) ORDER BY team_id, id
            """;

    /** The projects a key may read: every one of {@code :team}, or only {@code :project} when it is not null. */
    public static final String PROJECTS_OF_KEY = """
            SELECT id, name, created_at FROM projects
             WHERE team_id = :team AND (:project::text IS NULL OR id = :project)
             ORDER BY id
            """;

    /** The team a project belongs to. */
    public static final String PROJECT_TEAM = "SELECT team_id FROM projects WHERE id = :id";

    /** A project of the team with its own generation policy ('' when it follows the deployment's). */
    public static final String PROJECT_POLICY_IN_TEAM = """
            SELECT COALESCE(generation_policy, '') AS policy FROM projects WHERE id = :project AND team_id = :team
            """;

    /** A project's own generation policy (NULL when it follows the deployment's), by id alone (operators). */
    public static final String PROJECT_POLICY = "SELECT generation_policy FROM projects WHERE id = :id";

    public static final String SET_PROJECT_POLICY = "UPDATE projects SET generation_policy = :policy WHERE id = :id";

    private TenantsSql() {
    }
}
