package dev.engram.ops.database;

import dev.engram.core.settings.DatabaseSettings;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The {@code --db-*} options shared by every command that talks to Postgres. Each falls back to the
 * environment variable the apps read ({@code ENGRAM_DB_HOST}, ...) and then to the apps' own default
 * ({@link DatabaseSettings#defaults()}), so the CLI and a deployed app always agree on where the database is.
 */
public final class DatabaseOptions {

    private static final DatabaseSettings DEFAULTS = DatabaseSettings.defaults();

    @Option(names = "--db-host", defaultValue = "${env:ENGRAM_DB_HOST:-" + DatabaseSettings.DEFAULT_HOST + "}",
            description = "Postgres host (env ENGRAM_DB_HOST, default ${DEFAULT-VALUE}).")
    private @Nullable String host = DEFAULTS.host();

    @Option(names = "--db-port", defaultValue = "${env:ENGRAM_DB_PORT:-" + DatabaseSettings.DEFAULT_PORT + "}",
            description = "Postgres port (env ENGRAM_DB_PORT, default ${DEFAULT-VALUE}).")
    private @Nullable Integer port = DEFAULTS.port();

    @Option(names = "--db-name", defaultValue = "${env:ENGRAM_DB_NAME:-" + DatabaseSettings.DEFAULT_NAME + "}",
            description = "Database name (env ENGRAM_DB_NAME, default ${DEFAULT-VALUE}).")
    private @Nullable String name = DEFAULTS.name();

    @Option(names = "--db-user", defaultValue = "${env:ENGRAM_DB_USER:-" + DatabaseSettings.DEFAULT_USER + "}",
            description = "Database role (env ENGRAM_DB_USER, default ${DEFAULT-VALUE}).")
    private @Nullable String user = DEFAULTS.user();

    // Shown as "(env ...)" only: a default password must not end up in help output or logs.
    @Option(names = "--db-password", defaultValue = "${env:ENGRAM_DB_PASSWORD}", showDefaultValue =
            picocli.CommandLine.Help.Visibility.NEVER, description = "Database password (env ENGRAM_DB_PASSWORD).")
    private @Nullable String password = DEFAULTS.password();

    public DatabaseSettings settings() {
        return new DatabaseSettings(
                host == null ? DEFAULTS.host() : host,
                port == null ? DEFAULTS.port() : port,
                name == null ? DEFAULTS.name() : name,
                user == null ? DEFAULTS.user() : user,
                password == null ? DEFAULTS.password() : password);
    }
}
