package dev.engram.ops.database;

import dev.engram.core.settings.DatabaseSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Opens JDBC connections for the CLI and turns the commonest failure — Postgres not running — into
 * a message that says how to fix it, instead of a driver stack trace.
 */
public final class PostgresConnections {

    // SQLSTATE class 08 (connection exception): nothing listens there, or the server refused the socket.
    private static final String CONNECTION_EXCEPTION_CLASS = "08";

    private PostgresConnections() {
    }

    /** A connection to {@code settings}' database. */
    public static Connection open(DatabaseSettings settings) {
        return open(settings, settings.name());
    }

    /** A connection to another database of the same server, e.g. {@code postgres}. */
    public static Connection open(DatabaseSettings settings, String database) {
        try {
            return DriverManager.getConnection(settings.jdbcUrl(database), settings.user(), settings.password());
        } catch (SQLException e) {
            throw new IllegalStateException(describe(settings, database, e), e);
        }
    }

    private static String describe(DatabaseSettings settings, String database, SQLException e) {
        String state = e.getSQLState();
        if (state != null && state.startsWith(CONNECTION_EXCEPTION_CLASS)) {
            return "Postgres is not reachable at " + settings.host() + ":" + settings.port()
                    + " — start it with: pg_ctlcluster 15 main start";
        }
        return "Cannot connect to database " + database + " at " + settings.host() + ":" + settings.port()
                + " as " + settings.user() + ": " + e.getMessage();
    }

    /**
     * Runs {@code work} with a {@link JdbcClient} on one new connection, in one transaction: committed when
     * it returns, rolled back when it throws.
     */
    public static <T> T inTransaction(DatabaseSettings settings, Function<JdbcClient, T> work) {
        return run(settings, false, work);
    }

    /**
     * Runs {@code work} in one read-only, repeatable-read transaction: everything it reads is one snapshot of the
     * database, whatever commits meanwhile.
     */
    public static <T> T inSnapshot(DatabaseSettings settings, Function<JdbcClient, T> work) {
        return run(settings, true, work);
    }

    private static <T> T run(DatabaseSettings settings, boolean snapshot, Function<JdbcClient, T> work) {
        try (Connection c = open(settings)) {
            c.setAutoCommit(false);
            if (snapshot) {
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                c.setReadOnly(true);
            }
            try {
                T result = work.apply(JdbcClient.create(new SingleConnectionDataSource(c, true)));
                c.commit();
                return result;
            } catch (RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("database " + settings + ": " + e.getMessage(), e);
        }
    }
}
