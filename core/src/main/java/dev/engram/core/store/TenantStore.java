package dev.engram.core.store;

import dev.engram.core.job.GenerationPolicy;
import dev.engram.core.sql.TenantsSql;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Teams and projects as operators create and configure them. */
public class TenantStore {

    private final JdbcClient jdbc;

    public TenantStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Creates the team (named by its id) when it does not exist. */
    public void ensureTeam(String teamId) {
        jdbc.sql(TenantsSql.INSERT_TEAM_IF_ABSENT).param("id", teamId).param("name", teamId).update();
    }

    /**
     * Creates the project (named by its id) in the team when it does not exist, and answers the team it
     * belongs to, which differs from {@code teamId} when another team owns that id.
     */
    public String ensureProject(String teamId, String projectId) {
        jdbc.sql(TenantsSql.INSERT_PROJECT_IF_ABSENT).param("id", projectId).param("team", teamId)
                .param("name", projectId).update();
        return jdbc.sql(TenantsSql.PROJECT_TEAM).param("id", projectId).query(String.class).single();
    }

    /** Every project (of {@code teamId} only when not null), by team and id. */
    public List<ProjectRef> projects(@Nullable String teamId) {
        return jdbc.sql(TenantsSql.PROJECTS).param("team", teamId)
                .query((rs, n) -> new ProjectRef(rs.getString("team_id"), rs.getString("id"))).list();
    }

    /** The team a project belongs to; empty when there is no such project. */
    public Optional<String> teamOf(String projectId) {
        return jdbc.sql(TenantsSql.PROJECT_TEAM).param("id", projectId).query(String.class).optional();
    }

    /** A project and its team. */
    public record ProjectRef(String teamId, String projectId) {
    }

    /**
     * The project's own generation policy; empty when it follows the deployment's.
     *
     * @throws IllegalArgumentException when the project does not exist
     */
    public Optional<GenerationPolicy> policy(String projectId) {
        Optional<Optional<String>> row = jdbc.sql(TenantsSql.PROJECT_POLICY).param("id", projectId)
                .query((rs, n) -> Optional.ofNullable(rs.getString(1))).optional();
        return row.orElseThrow(() -> new IllegalArgumentException("no project '" + projectId + "'"))
                .map(GenerationPolicy::fromWireName);
    }

    /**
     * Sets the project's own policy; null returns it to the deployment's.
     *
     * @throws IllegalArgumentException when the project does not exist
     */
    public void setPolicy(String projectId, @Nullable GenerationPolicy policy) {
        int updated = jdbc.sql(TenantsSql.SET_PROJECT_POLICY)
                .param("policy", policy == null ? null : policy.wireName()).param("id", projectId).update();
        if (updated == 0) {
            throw new IllegalArgumentException("no project '" + projectId + "'");
        }
    }
}
