package dev.engram.core.testing;

import dev.engram.core.key.ApiKeys;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A team with one project and API keys, made directly in a {@link TestDatabase} so that every test
 * works in a tenant of its own and never sees another test's rows.
 *
 * @param teamId the team
 * @param projectId its project
 * @param apiKey a raw team-wide key with {@code memories:read} and {@code memories:write}
 */
public record TestTenant(TestDatabase database, String teamId, String projectId, String apiKey) {

    public static TestTenant create(TestDatabase database) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String team = "team-" + suffix;
        String project = "proj-" + suffix;
        try (Connection c = database.connect()) {
            execute(c, "INSERT INTO teams (id, name) VALUES (?, ?)", team, team);
            execute(c, "INSERT INTO projects (id, team_id, name) VALUES (?, ?, ?)", project, team, project);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        TestTenant tenant = new TestTenant(database, team, project, "");
        return new TestTenant(database, team, project,
                tenant.newKey(null, List.of("memories:read", "memories:write")));
    }

    /** Another project of the same team. */
    public String addProject() {
        String project = "proj-" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = database.connect()) {
            execute(c, "INSERT INTO projects (id, team_id, name) VALUES (?, ?, ?)", project, teamId, project);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return project;
    }

    /** A new raw key of this team, bound to {@code project} when not null, with these scopes. */
    public String newKey(String project, List<String> scopes) {
        String raw = ApiKeys.newRawKey();
        String scopesJson = scopes.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(",", "[", "]"));
        try (Connection c = database.connect();
                PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO api_keys (key_hash, team_id, project_id, scopes) VALUES (?, ?, ?, ?::jsonb)")) {
            insert.setString(1, ApiKeys.hash(raw));
            insert.setString(2, teamId);
            insert.setString(3, project);
            insert.setString(4, scopesJson);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return raw;
    }

    /** Runs a count query with positional text parameters. */
    public long count(String sql, Object... params) {
        try (Connection c = database.connect(); PreparedStatement query = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                query.setObject(i + 1, params[i]);
            }
            try (var rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs an update with positional parameters and returns the row count. */
    public int update(String sql, Object... params) {
        try (Connection c = database.connect(); PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads one text column of one row. */
    public String text(String sql, Object... params) {
        try (Connection c = database.connect(); PreparedStatement query = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                query.setObject(i + 1, params[i]);
            }
            try (var rs = query.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void execute(Connection c, String sql, String... params) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setString(i + 1, params[i]);
            }
            statement.executeUpdate();
        }
    }
}
