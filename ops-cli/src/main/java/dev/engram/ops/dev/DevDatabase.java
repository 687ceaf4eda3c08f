package dev.engram.ops.dev;

import dev.engram.core.settings.DatabaseSettings;
import dev.engram.ops.database.PostgresConnections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * Makes sure the dev database exists before anything else starts, so that a fresh machine only
 * needs a running Postgres: the ingest API's Flyway then creates the schema inside it. When the
 * configured role does not exist yet (a fresh server), it is created first through the local admin role
 * ({@code postgres}, or {@code ENGRAM_DB_ADMIN_USER}), which trust authentication lets in on a dev box.
 */
public final class DevDatabase {

    // CREATE DATABASE takes no bind parameters, so the name is checked before it is spliced in.
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    // SQLSTATE 28000 / 28P01: the role does not exist, or its password was refused.
    private static final String INVALID_AUTHORIZATION_CLASS = "28";

    private final DatabaseSettings database;
    private final String adminUser;

    public DevDatabase(DatabaseSettings database) {
        this(database, adminUserFromEnvironment());
    }

    DevDatabase(DatabaseSettings database, String adminUser) {
        this.database = database;
        this.adminUser = adminUser;
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
        ensureRoleExists();
        try (Connection c = PostgresConnections.open(database, "postgres")) {
            if (exists(c)) {
                requireCreateInPublic();
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

    /**
     * The migrations create tables in schema {@code public}; since PostgreSQL 15 only the database's owner may
     * (and whoever was granted it), so a database another role created fails them with "permission denied for
     * schema public". Said here, with the fix, before anything starts.
     */
    private void requireCreateInPublic() throws SQLException {
        try (Connection c = PostgresConnections.open(database);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT has_schema_privilege('public', 'CREATE')")) {
            if (rs.next() && !rs.getBoolean(1)) {
                throw new IllegalStateException("Role " + database.user() + " may not create tables in database "
                        + database.name() + " (since PostgreSQL 15 only the owner of a database may, in schema "
                        + "public): create it with OWNER " + database.user() + ", or as a superuser run GRANT CREATE "
                        + "ON SCHEMA public TO " + database.user() + " in it");
            }
        }
    }

    /**
     * Whether the server can give the database pgvector (semantic search). Creating the extension needs a
     * superuser and installing it needs root, so {@code engram dev} only checks and says how to get it.
     */
    public Pgvector pgvector() {
        try (Connection c = PostgresConnections.open(database);
                PreparedStatement s = c.prepareStatement(
                        "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector'), "
                                + "EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector')");
                ResultSet rs = s.executeQuery()) {
            if (!rs.next()) {
                return Pgvector.MISSING;
            }
            return rs.getBoolean(1) ? Pgvector.ENABLED : rs.getBoolean(2) ? Pgvector.NOT_ENABLED : Pgvector.MISSING;
        } catch (SQLException e) {
            return Pgvector.MISSING;
        }
    }

    /** Whether the dev database can search by meaning. */
    public enum Pgvector { ENABLED, NOT_ENABLED, MISSING }

    /** Creates the configured role (LOGIN CREATEDB) when Postgres says it does not exist. */
    private void ensureRoleExists() {
        try (Connection ignored = PostgresConnections.open(database, "postgres")) {
            return;
        } catch (IllegalStateException | SQLException e) {
            if (!(e.getCause() instanceof SQLException refused) || refused.getSQLState() == null
                    || !refused.getSQLState().startsWith(INVALID_AUTHORIZATION_CLASS)) {
                throw e instanceof IllegalStateException state ? state : new IllegalStateException(e);
            }
        }
        if (!SAFE_NAME.matcher(database.user()).matches()) {
            throw new IllegalStateException("Role name '" + database.user() + "' is not a plain identifier");
        }
        DatabaseSettings admin = new DatabaseSettings(database.host(), database.port(), "postgres", adminUser, "");
        try (Connection c = PostgresConnections.open(admin, "postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE \"" + database.user() + "\" LOGIN CREATEDB PASSWORD '"
                    + database.password().replace("'", "''") + "'");
        } catch (IllegalStateException | SQLException e) {
            throw new IllegalStateException("Role " + database.user() + " cannot log in to Postgres at "
                    + database.host() + ":" + database.port() + ", and creating it as " + adminUser + " failed ("
                    + e.getMessage() + "); create it with: psql -U postgres -c \"CREATE ROLE " + database.user()
                    + " LOGIN CREATEDB PASSWORD '...'\"", e);
        }
    }

    private static String adminUserFromEnvironment() {
        String user = System.getenv("ENGRAM_DB_ADMIN_USER");
        return user == null || user.isBlank() ? "postgres" : user;
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
