package dev.engram.ops.keys;

import dev.engram.ops.database.DatabaseOptions;
import dev.engram.core.settings.DatabaseSettings;
import dev.engram.ops.database.SchemaMigrator;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code engram keys create}: creates the team and project when needed and prints a new key once.
 * The schema is migrated first so the command also works against a database nothing has touched yet.
 */
@Command(name = "create", description = "Create an API key (and its team and project when missing).",
        mixinStandardHelpOptions = true)
public final class CreateKeyCommand implements Callable<Integer> {

    @Option(names = "--team", required = true, description = "Team id (created when missing).")
    private String team = "";

    @Option(names = "--project", description = "Project id (created in the team when missing). Without it the "
            + "key may use every project of its team.")
    private @Nullable String project;

    @Option(names = "--expires-in", paramLabel = "<duration>", converter = KeyDurations.class,
            description = "How long the key works, e.g. 30d, 12h, 90m (default: until revoked).")
    private @Nullable Duration expiresIn;

    @Option(names = "--scopes", required = true, split = ",",
            description = "Comma-separated scopes, e.g. memories:read,memories:write or *.")
    private List<String> scopes = List.of();

    @Option(names = "--label", description = "A note to recognise the key by later.")
    private @Nullable String label;

    @Mixin
    private DatabaseOptions databaseOptions = new DatabaseOptions();

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        DatabaseSettings database = databaseOptions.settings();
        new SchemaMigrator(database).migrate();
        Instant expiresAt = expiresIn == null ? null : Instant.now().plus(expiresIn).truncatedTo(ChronoUnit.SECONDS);
        IssuedKey key = new ApiKeyIssuer(database).issue(team, project, scopes, label, expiresAt);
        PrintWriter out = spec.commandLine().getOut();
        out.println("API key: " + key.rawKey());
        out.println("Id: " + key.keyId() + "  Team: " + key.teamId() + "  Project: "
                + (key.projectId() == null ? "every project of the team" : key.projectId())
                + "  Scopes: " + String.join(",", key.scopes())
                + (key.expiresAt() == null ? "" : "  Expires: " + key.expiresAt()));
        out.println("The key is shown only once: store it now. Only its hash is kept.");
        out.flush();
        return 0;
    }
}
