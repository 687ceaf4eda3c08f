package dev.engram.ingest.background;

import dev.engram.core.settings.DatabaseSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Opens the JDBC sessions of background loops that must own their connection (a session advisory lock,
 * LISTEN), outside any pool, each named so it can be found in {@code pg_stat_activity}.
 */
@Component
public class DedicatedSessions {

    private final DatabaseSettings database;

    public DedicatedSessions(DatabaseSettings database) {
        this.database = database;
    }

    /** A new session named {@code applicationName}; the caller closes it. */
    public Connection open(String applicationName) throws SQLException {
        return open(applicationName, null);
    }

    /**
     * A new session named {@code applicationName} with the server settings {@code options} ({@code -c name=value ...};
     * none when null); the caller closes it.
     */
    public Connection open(String applicationName, @Nullable String options) throws SQLException {
        Properties properties = new Properties();
        if (options != null) {
            properties.setProperty("options", options);
        }
        properties.setProperty("user", database.user());
        properties.setProperty("password", database.password());
        properties.setProperty("ApplicationName", applicationName);
        properties.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(database.jdbcUrl(), properties);
    }
}
