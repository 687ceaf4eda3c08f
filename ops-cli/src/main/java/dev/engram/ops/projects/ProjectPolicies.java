package dev.engram.ops.projects;

import dev.engram.core.job.GenerationPolicy;
import dev.engram.ops.database.DatabaseSettings;
import dev.engram.ops.database.PostgresConnections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Reads and sets a project's own generation policy ({@code projects.generation_policy}). */
final class ProjectPolicies {

    private static final String READ = "SELECT generation_policy FROM projects WHERE id = ?";
    private static final String WRITE = "UPDATE projects SET generation_policy = ? WHERE id = ?";

    private final DatabaseSettings database;

    ProjectPolicies(DatabaseSettings database) {
        this.database = database;
    }

    /**
     * The project's own policy; empty when it follows the deployment's.
     *
     * @throws IllegalArgumentException when the project does not exist
     */
    Optional<GenerationPolicy> read(String projectId) {
        try (Connection c = PostgresConnections.open(database); PreparedStatement query = c.prepareStatement(READ)) {
            query.setString(1, projectId);
            try (ResultSet rs = query.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("no project '" + projectId + "' in " + database);
                }
                String policy = rs.getString(1);
                return policy == null ? Optional.empty() : Optional.of(GenerationPolicy.fromWireName(policy));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read project '" + projectId + "': " + e.getMessage(), e);
        }
    }

    /** Sets the project's policy; null returns it to the deployment's. */
    void write(String projectId, @Nullable GenerationPolicy policy) {
        try (Connection c = PostgresConnections.open(database); PreparedStatement update = c.prepareStatement(WRITE)) {
            update.setString(1, policy == null ? null : policy.wireName());
            update.setString(2, projectId);
            if (update.executeUpdate() == 0) {
                throw new IllegalArgumentException("no project '" + projectId + "' in " + database);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot update project '" + projectId + "': " + e.getMessage(), e);
        }
    }
}
