package dev.engram.ops.database;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the Engram database lives and who to connect as: the same five values the apps read as
 * {@code engram.database.*}, so the CLI and the apps it launches always point at one database.
 *
 * @param host Postgres host
 * @param port Postgres port
 * @param name database name
 * @param user role to connect as
 * @param password that role's password
 */
public record DatabaseSettings(String host, int port, String name, String user, String password) {

    /** The apps' own defaults (their application.yml), so a bare {@code engram dev} needs no flags. */
    public static DatabaseSettings defaults() {
        return new DatabaseSettings("127.0.0.1", 5432, "engram", "engram", "engram");
    }

    /** Reads {@code engram.database.*} keys, falling back to {@link #defaults()} for missing ones. */
    public static DatabaseSettings fromSpringProperties(Map<String, String> properties) {
        DatabaseSettings d = defaults();
        return new DatabaseSettings(
                properties.getOrDefault("engram.database.host", d.host()),
                Integer.parseInt(properties.getOrDefault("engram.database.port", String.valueOf(d.port()))),
                properties.getOrDefault("engram.database.name", d.name()),
                properties.getOrDefault("engram.database.user", d.user()),
                properties.getOrDefault("engram.database.password", d.password()));
    }

    public String jdbcUrl() {
        return jdbcUrl(name);
    }

    /** A URL for another database on the same server, e.g. {@code postgres} to create this one. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** The {@code engram.database.*} properties the apps read. */
    public Map<String, String> springProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("engram.database.host", host);
        properties.put("engram.database.port", String.valueOf(port));
        properties.put("engram.database.name", name);
        properties.put("engram.database.user", user);
        properties.put("engram.database.password", password);
        return properties;
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return user + "@" + host + ":" + port + "/" + name;
    }
}
