package dev.engram.ops.keys;

import dev.engram.ops.database.DatabaseOptions;
import dev.engram.core.settings.DatabaseSettings;
import dev.engram.ops.database.SchemaMigrator;
import java.io.PrintWriter;
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

    @Option(names = "--project", required = true, description = "Project id (created in the team when missing).")
    private String project = "";

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
        IssuedKey key = new ApiKeyIssuer(database).issue(team, project, scopes, label);
        PrintWriter out = spec.commandLine().getOut();
        out.println("API key: " + key.rawKey());
        out.println("Team: " + key.teamId() + "  Project: " + key.projectId() + "  Scopes: " + String.join(",", key.scopes()));
        out.println("The key is shown only once: store it now. Only its hash is kept.");
        out.flush();
        return 0;
    }
}
