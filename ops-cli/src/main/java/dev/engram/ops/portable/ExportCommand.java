package dev.engram.ops.portable;

import dev.engram.core.settings.DatabaseSettings;
import dev.engram.core.store.ObservationStore;
import dev.engram.core.store.PortableObservation;
import dev.engram.core.store.SessionStore;
import dev.engram.core.store.TenantStore;
import dev.engram.ops.database.DatabaseOptions;
import dev.engram.ops.database.PostgresConnections;
import dev.engram.ops.database.SchemaMigrator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code engram export}: writes a project's sessions, observations, summaries and memories as JSON Lines
 * ({@link ExportFormat}) to standard output or a file, from one consistent snapshot of the database.
 */
@Command(name = "export", description = "Write a project's memory (sessions, observations, summaries, memories) as "
        + "JSON Lines.", mixinStandardHelpOptions = true)
public final class ExportCommand implements Callable<Integer> {

    @Option(names = "--project", required = true, paramLabel = "<project>", description = "The project to export.")
    private String project = "";

    @Option(names = "--since", paramLabel = "<ISO time>", description = "Only what was written at or after this time "
            + "(with the sessions it belongs to).")
    private @Nullable Instant since;

    @Option(names = "--output", paramLabel = "<file>", description = "Write to this file (default: standard output).")
    private @Nullable Path output;

    @Mixin
    private DatabaseOptions databaseOptions = new DatabaseOptions();

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        DatabaseSettings database = databaseOptions.settings();
        new SchemaMigrator(database).migrate();
        Map<String, Integer> counts = new HashMap<>();
        if (output == null) {
            PrintWriter out = spec.commandLine().getOut();
            export(database, out, counts);
            out.flush();
        } else {
            try (BufferedWriter file = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
                export(database, file, counts);
            }
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("Exported " + counts.getOrDefault(ExportFormat.SESSION, 0) + " sessions, "
                + counts.getOrDefault(ExportFormat.OBSERVATION, 0) + " observations, "
                + counts.getOrDefault(ExportFormat.SUMMARY, 0) + " summaries and "
                + counts.getOrDefault(ExportFormat.MEMORY, 0) + " memories of project " + project
                + (output == null ? "." : " to " + output + "."));
        err.flush();
        return 0;
    }

    private void export(DatabaseSettings database, Writer out, Map<String, Integer> counts) {
        PostgresConnections.inSnapshot(database, jdbc -> {
            String team = new TenantStore(jdbc).teamOf(project).orElseThrow(() -> new IllegalArgumentException(
                    "no project '" + project + "'"));
            write(out, ExportFormat.header(team, project, Instant.now(), since));
            new SessionStore(jdbc).forExport(team, project, since, session -> {
                write(out, ExportFormat.line(session));
                counts.merge(ExportFormat.SESSION, 1, Integer::sum);
            });
            new ObservationStore(jdbc).forExport(team, project, since, (PortableObservation observation) -> {
                write(out, ExportFormat.line(observation));
                counts.merge(ExportFormat.typeOf(observation), 1, Integer::sum);
            });
            return null;
        });
    }

    private static void write(Writer out, String line) {
        try {
            out.write(line);
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the export: " + e.getMessage(), e);
        }
    }
}
