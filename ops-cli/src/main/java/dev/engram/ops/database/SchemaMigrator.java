package dev.engram.ops.database;

import dev.engram.core.settings.DatabaseSettings;
import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;

/**
 * Brings a database up to the current schema with the migrations shipped in engram-core
 * ({@code classpath:db/migration}), the same ones the ingest API applies at start-up, so that
 * commands such as {@code engram keys create} work on an empty database too.
 */
public final class SchemaMigrator {

    private final DatabaseSettings database;

    public SchemaMigrator(DatabaseSettings database) {
        this.database = database;
    }

    /** Applies pending migrations; a no-op on an up-to-date schema. */
    public void migrate() {
        // Fails early with the friendly "Postgres is not reachable" message rather than Flyway's retry log.
        try (Connection probe = PostgresConnections.open(database)) {
            probe.isValid(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot use database " + database + ": " + e.getMessage(), e);
        }
        Flyway.configure()
                .dataSource(database.jdbcUrl(), database.user(), database.password())
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }
}
