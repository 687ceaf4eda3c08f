package dev.engram.ops.projects;

import dev.engram.core.job.GenerationPolicy;
import dev.engram.core.settings.DatabaseSettings;
import dev.engram.core.store.TenantStore;
import dev.engram.ops.database.PostgresConnections;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** Reads and sets a project's own generation policy ({@code projects.generation_policy}) through core's {@link TenantStore}. */
final class ProjectPolicies {

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
        return PostgresConnections.inTransaction(database, jdbc -> inDatabase(() -> new TenantStore(jdbc).policy(projectId)));
    }

    /** Sets the project's policy; null returns it to the deployment's. */
    void write(String projectId, @Nullable GenerationPolicy policy) {
        PostgresConnections.inTransaction(database, jdbc -> inDatabase(() -> {
            new TenantStore(jdbc).setPolicy(projectId, policy);
            return null;
        }));
    }

    /** Names the database in a "no project" refusal, so an operator sees which one was asked. */
    private <T> T inDatabase(Supplier<T> work) {
        try {
            return work.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " in " + database, e);
        }
    }
}
