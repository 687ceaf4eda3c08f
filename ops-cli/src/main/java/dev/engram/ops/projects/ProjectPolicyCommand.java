package dev.engram.ops.projects;

import dev.engram.core.job.GenerationPolicy;
import dev.engram.ops.database.DatabaseOptions;
import dev.engram.core.settings.DatabaseSettings;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code engram projects policy --project P [--set POLICY]}: shows or sets when the project's events
 * become generation jobs. {@code --set default} returns the project to the deployment's policy
 * ({@code engram.generation.policy}). Takes effect for the next event the ingest API receives.
 */
@Command(name = "policy", description = "Show or set a project's generation policy.", mixinStandardHelpOptions = true)
public final class ProjectPolicyCommand implements Callable<Integer> {

    private static final String DEFAULT = "default";

    @Option(names = "--project", required = true, description = "Project id.")
    private String project = "";

    @Option(names = "--set", paramLabel = "POLICY",
            description = "per-event, debounce, end-of-session, or default (the deployment's).")
    private @Nullable String set;

    @Mixin
    private DatabaseOptions databaseOptions = new DatabaseOptions();

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        DatabaseSettings database = databaseOptions.settings();
        ProjectPolicies policies = new ProjectPolicies(database);
        if (set != null) {
            policies.write(project, DEFAULT.equals(set) ? null : GenerationPolicy.fromWireName(set));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("Project " + project + ": generation policy " + policies.read(project)
                .map(GenerationPolicy::wireName)
                .orElse("of the deployment (engram.generation.policy)"));
        out.flush();
        return 0;
    }
}
