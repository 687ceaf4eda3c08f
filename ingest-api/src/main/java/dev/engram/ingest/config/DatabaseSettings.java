package dev.engram.ingest.config;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Postgres is. R2DBC, Flyway and the relay's JDBC session all derive their URLs from these.
 *
 * @param host database host
 * @param port database port
 * @param name database name
 * @param user database role
 * @param password the role's password; set it from the environment ({@code ENGRAM_DB_PASSWORD})
 */
@ConfigurationProperties("engram.database")
public record DatabaseSettings(
        @DefaultValue("127.0.0.1") String host,
        @DefaultValue("5432") int port,
        @DefaultValue("engram") String name,
        @DefaultValue("engram") String user,
        @DefaultValue("engram") String password) {

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + name;
    }

    /**
     * A dedicated JDBC session for a background loop that must own its connection (a session advisory
     * lock, LISTEN), named so it can be found in {@code pg_stat_activity}.
     */
    public Connection openSession(String applicationName) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("ApplicationName", applicationName);
        properties.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(jdbcUrl(), properties);
    }
}
