package dev.engram.ops.dev;

import dev.engram.ops.database.DatabaseSettings;
import dev.engram.ops.database.PostgresConnections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * Makes sure the dev database exists before anything else starts, so that a fresh machine only
 * needs a running Postgres: the ingest API's Flyway then creates the schema inside it.
 */
public final class DevDatabase {

    // CREATE DATABASE takes no bind parameters, so the name is checked before it is spliced in.
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private final DatabaseSettings database;

    public DevDatabase(DatabaseSettings database) {
        this.database = database;
    }

    /**
     * Creates the database when it is missing.
     *
     * @return true when it was created now, false when it was already there
     * @throws IllegalStateException with a one-line, actionable message when Postgres cannot be used
     */
    public boolean ensureExists() {
        if (!SAFE_NAME.matcher(database.name()).matches()) {
            throw new IllegalStateException("Database name '" + database.name() + "' is not a plain identifier");
        }
        try (Connection c = PostgresConnections.open(database, "postgres")) {
            if (exists(c)) {
                return false;
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE \"" + database.name() + "\"");
            }
            return true;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + database.name() + " at " + database.host()
                    + ":" + database.port() + " as " + database.user() + ": " + e.getMessage(), e);
        }
    }

    private boolean exists(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            s.setString(1, database.name());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }
}
