package dev.engram.core.settings;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Postgres is. Every app derives its R2DBC, Flyway and JDBC URLs from these keys, and
 * {@code ops-cli} reads the same ones (with the same defaults) for its own connections.
 *
 * @param host Postgres host
 * @param port Postgres port
 * @param name database name
 * @param user database role
 * @param password the role's password; set it from the environment ({@code ENGRAM_DB_PASSWORD})
 */
@ConfigurationProperties("engram.database")
public record DatabaseSettings(
        @DefaultValue(DEFAULT_HOST) String host,
        @DefaultValue(DEFAULT_PORT) int port,
        @DefaultValue(DEFAULT_NAME) String name,
        @DefaultValue(DEFAULT_USER) String user,
        @DefaultValue(DEFAULT_PASSWORD) String password) {

    public static final String PREFIX = "engram.database";
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final String DEFAULT_PORT = "5432";
    public static final String DEFAULT_NAME = "engram";
    public static final String DEFAULT_USER = "engram";
    static final String DEFAULT_PASSWORD = "engram";

    /** The defaults of every key: what a bare {@code engram dev} and an unconfigured app use. */
    public static DatabaseSettings defaults() {
        return new DatabaseSettings(DEFAULT_HOST, Integer.parseInt(DEFAULT_PORT), DEFAULT_NAME, DEFAULT_USER,
                DEFAULT_PASSWORD);
    }

    /** Reads {@code engram.database.*} from a flat property map, falling back to the defaults. */
    public static DatabaseSettings fromSpringProperties(Map<String, String> properties) {
        DatabaseSettings d = defaults();
        return new DatabaseSettings(
                properties.getOrDefault(PREFIX + ".host", d.host()),
                Integer.parseInt(properties.getOrDefault(PREFIX + ".port", String.valueOf(d.port()))),
                properties.getOrDefault(PREFIX + ".name", d.name()),
                properties.getOrDefault(PREFIX + ".user", d.user()),
                properties.getOrDefault(PREFIX + ".password", d.password()));
    }

    /** These settings as {@code engram.database.*} properties, to hand to an app. */
    public Map<String, String> springProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(PREFIX + ".host", host);
        properties.put(PREFIX + ".port", String.valueOf(port));
        properties.put(PREFIX + ".name", name);
        properties.put(PREFIX + ".user", user);
        properties.put(PREFIX + ".password", password);
        return properties;
    }

    public String jdbcUrl() {
        return jdbcUrl(name);
    }

    /** A URL for another database on the same server, e.g. {@code postgres} to create this one. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return user + "@" + host + ":" + port + "/" + name;
    }
}
