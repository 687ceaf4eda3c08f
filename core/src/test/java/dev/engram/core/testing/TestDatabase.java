package dev.engram.core.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.flywaydb.core.Flyway;

/**
 * A fresh, migrated database per test JVM on the real Postgres (127.0.0.1:5432 unless
 * {@code ENGRAM_TEST_DB_HOST}/{@code ENGRAM_TEST_DB_PORT}/{@code ENGRAM_TEST_DB_USER} say otherwise).
 * Each module's tests get their own database, recreated once per JVM, so runs never see each other's rows.
 */
public final class TestDatabase {

    private static final Map<String, TestDatabase> CREATED = new ConcurrentHashMap<>();

    private final String host;
    private final int port;
    private final String name;
    private final String user;
    private final String password;

    private TestDatabase(String name) {
        this.host = env("ENGRAM_TEST_DB_HOST", "127.0.0.1");
        this.port = Integer.parseInt(env("ENGRAM_TEST_DB_PORT", "5432"));
        this.user = env("ENGRAM_TEST_DB_USER", "engram");
        this.password = env("ENGRAM_TEST_DB_PASSWORD", "engram");
        this.name = name;
    }

    /** The database {@code engram_it_<suffix>}, dropped and recreated on first use in this JVM, then migrated. */
    public static TestDatabase fresh(String suffix) {
        return CREATED.computeIfAbsent(suffix, s -> {
            TestDatabase db = new TestDatabase("engram_it_" + s);
            db.recreate();
            Flyway.configure().dataSource(db.jdbcUrl(), db.user, db.password).load().migrate();
            return db;
        });
    }

    /**
     * The database {@code engram_it_<suffix>}, dropped and recreated, migrated only up to {@code version}; call
     * {@link #migrate()} for the rest. For tests of what a migration does to existing rows.
     */
    public static TestDatabase migratedTo(String suffix, String version) {
        TestDatabase db = new TestDatabase("engram_it_" + suffix);
        db.recreate();
        Flyway.configure().dataSource(db.jdbcUrl(), db.user, db.password).target(version).load().migrate();
        return db;
    }

    /** Applies every migration not applied yet. */
    public void migrate() {
        Flyway.configure().dataSource(jdbcUrl(), user, password).load().migrate();
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String name() {
        return name;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + name;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user, password);
    }

    /** Spring properties pointing every Engram app at this database. */
    public Map<String, String> springProperties() {
        return Map.of(
                "engram.database.host", host,
                "engram.database.port", String.valueOf(port),
                "engram.database.name", name,
                "engram.database.user", user,
                "engram.database.password", password);
    }

    private void recreate() {
        String adminUrl = "jdbc:postgresql://" + host + ":" + port + "/postgres";
        try (Connection c = DriverManager.getConnection(adminUrl, user, password); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot recreate test database " + name + " at " + adminUrl
                    + " as " + user + " (run .ci/run or see README for the role it needs)", e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
