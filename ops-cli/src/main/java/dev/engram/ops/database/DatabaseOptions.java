package dev.engram.ops.database;

import picocli.CommandLine.Option;

/**
 * The {@code --db-*} options shared by every command that talks to Postgres. Defaults come from
 * {@code ENGRAM_DB_HOST}, {@code ENGRAM_DB_PORT}, ... as in the apps, so the CLI and a deployed app
 * read the same environment.
 */
public final class DatabaseOptions {

    @Option(names = "--db-host", defaultValue = "${env:ENGRAM_DB_HOST:-127.0.0.1}",
            description = "Postgres host (env ENGRAM_DB_HOST, default ${DEFAULT-VALUE}).")
    private String host = "127.0.0.1";

    @Option(names = "--db-port", defaultValue = "${env:ENGRAM_DB_PORT:-5432}",
            description = "Postgres port (env ENGRAM_DB_PORT, default ${DEFAULT-VALUE}).")
    private int port = 5432;

    @Option(names = "--db-name", defaultValue = "${env:ENGRAM_DB_NAME:-engram}",
            description = "Database name (env ENGRAM_DB_NAME, default ${DEFAULT-VALUE}).")
    private String name = "engram";

    @Option(names = "--db-user", defaultValue = "${env:ENGRAM_DB_USER:-engram}",
            description = "Database role (env ENGRAM_DB_USER, default ${DEFAULT-VALUE}).")
    private String user = "engram";

    // Shown as "(env ...)" only: a default password must not end up in help output or logs.
    @Option(names = "--db-password", defaultValue = "${env:ENGRAM_DB_PASSWORD:-engram}",
            description = "Database password (env ENGRAM_DB_PASSWORD).")
    private String password = "engram";

    public DatabaseSettings settings() {
        return new DatabaseSettings(host, port, name, user, password);
    }
}
