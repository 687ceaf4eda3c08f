package dev.engram.ops.portable;

import dev.engram.core.settings.DatabaseSettings;
import dev.engram.core.store.AuditStore;
import dev.engram.core.store.ObservationStore;
import dev.engram.core.store.PortableObservation;
import dev.engram.core.store.PortableSession;
import dev.engram.core.store.SessionStore;
import dev.engram.core.store.TenantStore;
import dev.engram.ops.database.DatabaseOptions;
import dev.engram.ops.database.PostgresConnections;
import dev.engram.ops.database.SchemaMigrator;
import dev.engram.ops.progress.ProgressBar;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code engram import}: loads an export into a project of this Engram, in one transaction. The whole file is read
 * and checked first; a file with a bad line is rejected with the line numbers and writes nothing. Importing is
 * idempotent: rows keep deterministic ids in the target project (their own ids when it is the project they were
 * exported from, else ids derived from the target and the original), and a row already there is left alone, so
 * importing a file twice changes nothing.
 */
@Command(name = "import", description = "Load an export (engram export) into a project, idempotently.",
        mixinStandardHelpOptions = true)
public final class ImportCommand implements Callable<Integer> {

    /** Exit status of a rejected file. */
    static final int REJECTED = 1;

    @Option(names = "--project", required = true, paramLabel = "<project>", description = "The project to load into.")
    private String project = "";

    @Option(names = "--team", paramLabel = "<team>", description = "Create the project in this team when it does "
            + "not exist (required then).")
    private @Nullable String team;

    @Option(names = "--input", paramLabel = "<file>", description = "Read this file (default: standard input).")
    private @Nullable Path input;

    @Mixin
    private DatabaseOptions databaseOptions = new DatabaseOptions();

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ImportFile.Contents contents;
        try (BufferedReader in = reader()) {
            contents = ImportFile.read(in);
        } catch (ImportFile.Rejected e) {
            err.println("Rejected " + source() + "; nothing was imported:");
            err.println(e.getMessage());
            err.flush();
            return REJECTED;
        } catch (java.nio.charset.CharacterCodingException e) {
            err.println("Rejected " + source() + "; nothing was imported: it is not valid UTF-8");
            err.flush();
            return REJECTED;
        }
        DatabaseSettings database = databaseOptions.settings();
        new SchemaMigrator(database).migrate();
        Counts counts = PostgresConnections.inTransaction(database, jdbc -> load(jdbc, contents, out));
        out.println("Imported into project " + project + " (team " + counts.team + "): " + counts.describe() + ".");
        out.flush();
        return 0;
    }

    private Counts load(JdbcClient jdbc, ImportFile.Contents contents, PrintWriter out) {
        String owner = target(new TenantStore(jdbc));
        boolean sameProject = owner.equals(contents.team()) && project.equals(contents.project());
        SessionStore sessions = new SessionStore(jdbc);
        ObservationStore observations = new ObservationStore(jdbc);
        Counts counts = new Counts(owner);
        ProgressBar progress = new ProgressBar(out, contents.sessions().size() + contents.observations().size());
        long done = 0;
        Map<UUID, UUID> sessionIds = new HashMap<>();
        for (PortableSession session : contents.sessions()) {
            UUID id = sameProject ? session.id() : derived(owner, session.id());
            SessionStore.Imported imported = sessions.importSession(owner, project, session.withId(id));
            sessionIds.put(session.id(), imported.id());
            counts.add(ExportFormat.SESSION, imported.created());
            progress.show(++done);
        }
        for (PortableObservation observation : contents.observations()) {
            UUID id = sameProject ? observation.id() : derived(owner, observation.id());
            UUID session = observation.sessionId() == null ? null : sessionIds.get(observation.sessionId());
            boolean created = observations.importObservation(owner, project, observation.withIds(id, session));
            counts.add(ExportFormat.typeOf(observation), created);
            progress.show(++done);
        }
        progress.done();
        Map<String, Object> details = new LinkedHashMap<>(counts.created);
        details.put("alreadyThere", counts.existing);
        details.put("fromTeam", contents.team());
        details.put("fromProject", contents.project());
        details.put("via", "cli");
        new AuditStore(jdbc).append(owner, project, "engram-cli", null, "project.imported", "project", project,
                "cli-" + UUID.randomUUID(), details);
        return counts;
    }

    /** The target project's team, creating the project in {@code --team} when it does not exist. */
    private String target(TenantStore tenants) {
        Optional<String> owner = tenants.teamOf(project);
        if (owner.isPresent()) {
            if (team != null && !team.equals(owner.get())) {
                throw new IllegalArgumentException("project '" + project + "' belongs to team '" + owner.get()
                        + "', not '" + team + "'");
            }
            return owner.get();
        }
        if (team == null) {
            throw new IllegalArgumentException("no project '" + project + "': pass --team <team> to create it");
        }
        tenants.ensureTeam(team);
        return tenants.ensureProject(team, project);
    }

    /** The id a row of another project gets in this one: the same for the same target and row, every time. */
    private UUID derived(String owner, UUID original) {
        return UUID.nameUUIDFromBytes(("engram-import:" + owner + ":" + project + ":" + original)
                .getBytes(StandardCharsets.UTF_8));
    }

    private BufferedReader reader() throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        if (input == null) {
            return new BufferedReader(new InputStreamReader(System.in, decoder));
        }
        try {
            return new BufferedReader(new InputStreamReader(Files.newInputStream(input), decoder));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no file " + input);
        }
    }

    private String source() {
        return input == null ? "standard input" : input.toString();
    }

    /** Rows created and rows already there, by type. */
    private static final class Counts {
        private final String team;
        private final Map<String, Integer> created = new LinkedHashMap<>();
        private int existing;

        Counts(String team) {
            this.team = team;
            for (String type : new String[] {ExportFormat.SESSION, ExportFormat.OBSERVATION, ExportFormat.SUMMARY,
                    ExportFormat.MEMORY}) {
                created.put(type, 0);
            }
        }

        void add(String type, boolean isNew) {
            if (isNew) {
                created.merge(type, 1, Integer::sum);
            } else {
                existing++;
            }
        }

        String describe() {
            return created.get(ExportFormat.SESSION) + " sessions, " + created.get(ExportFormat.OBSERVATION)
                    + " observations, " + created.get(ExportFormat.SUMMARY) + " summaries, "
                    + created.get(ExportFormat.MEMORY) + " memories new; " + existing + " already there";
        }
    }
}
