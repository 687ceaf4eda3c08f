package dev.engram.ops.keys;

import dev.engram.core.key.ApiKeys;
import dev.engram.ops.database.DatabaseSettings;
import dev.engram.ops.database.PostgresConnections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issues API keys straight into the database, creating the team and project they are bound to when
 * those do not exist yet: this is how tenants come to exist at all (claude-mem does the same from its
 * CLI). Only the SHA-256 of the key is stored; the raw key is returned once.
 */
public final class ApiKeyIssuer {

    /** Who issued the key, for the audit trail of the {@code api_keys} row. */
    static final String ACTOR = "engram-cli";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DatabaseSettings database;

    public ApiKeyIssuer(DatabaseSettings database) {
        this.database = database;
    }

    /**
     * Creates team {@code teamId} and project {@code projectId} when missing (their names are their ids)
     * and a new key bound to both, in one transaction.
     *
     * @throws ProjectOfAnotherTeamException when the project exists under a different team; nothing is written
     */
    public IssuedKey issue(String teamId, String projectId, List<String> scopes, @Nullable String label) {
        requireId("team", teamId);
        requireId("project", projectId);
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("a key needs at least one scope");
        }
        String rawKey = ApiKeys.newRawKey();
        try (Connection c = PostgresConnections.open(database)) {
            c.setAutoCommit(false);
            try {
                UUID keyId = write(c, teamId, projectId, scopes, label, ApiKeys.hash(rawKey));
                c.commit();
                return new IssuedKey(rawKey, keyId, teamId, projectId, List.copyOf(scopes));
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot issue a key in " + database + ": " + e.getMessage(), e);
        }
    }

    private static UUID write(Connection c, String teamId, String projectId, List<String> scopes,
            @Nullable String label, String keyHash) throws SQLException {
        update(c, "INSERT INTO teams (id, name) VALUES (?, ?) ON CONFLICT DO NOTHING", teamId, teamId);
        update(c, "INSERT INTO projects (id, team_id, name) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", projectId, teamId, projectId);
        String owner = projectOwner(c, projectId);
        if (!teamId.equals(owner)) {
            throw new ProjectOfAnotherTeamException(projectId, owner, teamId);
        }
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO api_keys (key_hash, team_id, project_id, scopes, label, actor_id)
                VALUES (?, ?, ?, ?::jsonb, ?, ?)
                RETURNING id""")) {
            s.setString(1, keyHash);
            s.setString(2, teamId);
            s.setString(3, projectId);
            s.setString(4, JSON.writeValueAsString(scopes));
            s.setString(5, label);
            s.setString(6, ACTOR);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getObject(1, UUID.class);
            }
        }
    }

    private static String projectOwner(Connection c, String projectId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT team_id FROM projects WHERE id = ?")) {
            s.setString(1, projectId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static void update(Connection c, String sql, String... values) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                s.setString(i + 1, values[i]);
            }
            s.executeUpdate();
        }
    }

    private static void requireId(String what, String id) {
        if (id.isBlank()) {
            throw new IllegalArgumentException("the " + what + " id must not be blank");
        }
    }
}
