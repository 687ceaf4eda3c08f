package dev.engram.ingest.relay;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The relay session's own Postgres state: the advisory lock that elects it, and the outbox channel it LISTENs on. */
final class RelayLock {

    static final String CHANNEL = "engram_outbox";

    /** Wakes the active relay of another instance; sent on its own, never inside a writer's commit. */
    static final String NOTIFY = "SELECT pg_notify('" + CHANNEL + "', '')";

    private RelayLock() {
    }

    /** Takes the session-level advisory lock without waiting; Postgres frees it when the session ends. */
    static boolean tryLock(Connection connection, long key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            statement.setLong(1, key);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    static void listen(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("LISTEN " + CHANNEL);
        }
    }
}
