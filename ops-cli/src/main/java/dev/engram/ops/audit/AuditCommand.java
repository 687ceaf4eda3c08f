package dev.engram.ops.audit;

import dev.engram.core.audit.AuditEntry;
import dev.engram.core.audit.AuditFilter;
import dev.engram.core.settings.DatabaseSettings;
import dev.engram.core.store.AuditStore;
import dev.engram.ops.database.DatabaseOptions;
import dev.engram.ops.database.PostgresConnections;
import dev.engram.ops.database.SchemaMigrator;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** {@code engram audit}: the audit trail of every team (or one), newest first, filtered by time and action. */
@Command(name = "audit", description = "Show the audit trail, newest first.", mixinStandardHelpOptions = true)
public final class AuditCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    @Option(names = "--since", paramLabel = "<time>", converter = Moment.class,
            description = "From this time: ISO-8601 (2026-12-01T00:00:00Z) or ago (90m, 12h, 7d).")
    private @Nullable Instant since;

    @Option(names = "--until", paramLabel = "<time>", converter = Moment.class, description = "Before this time.")
    private @Nullable Instant until;

    @Option(names = "--team", description = "Only this team's rows.")
    private @Nullable String team;

    @Option(names = "--project", description = "Only this project's rows.")
    private @Nullable String project;

    @Option(names = "--action", split = ",", description = "Only these actions, e.g. key.revoked,memory.write.")
    private @Nullable List<String> actions;

    @Option(names = "--resource", description = "Only rows about this resource id (a job, a key, a project).")
    private @Nullable String resource;

    @Option(names = "--limit", defaultValue = "100", description = "At most this many rows (default ${DEFAULT-VALUE}).")
    private int limit = 100;

    @Option(names = "--json", description = "One JSON array, for scripts.")
    private boolean json;

    @Mixin
    private DatabaseOptions databaseOptions = new DatabaseOptions();

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        if (limit < 1 || limit > 100_000) {
            throw new IllegalArgumentException("--limit must be between 1 and 100000");
        }
        DatabaseSettings database = databaseOptions.settings();
        new SchemaMigrator(database).migrate();
        List<AuditEntry> entries = PostgresConnections.inTransaction(database, jdbc -> new AuditStore(jdbc)
                .listForOperator(new AuditFilter(team, project, actions, resource, since, until, limit, 0)));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonMapper mapper = JsonMapper.builder().build();
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            for (AuditEntry e : entries) {
                array.addObject().put("id", e.id()).put("teamId", e.teamId()).put("projectId", e.projectId())
                        .put("actorId", e.actorId()).put("apiKeyId", e.apiKeyId()).put("action", e.action())
                        .put("resourceType", e.resourceType()).put("resourceId", e.resourceId())
                        .put("requestId", e.requestId()).put("createdAt", e.createdAt().toString())
                        .set("details", mapper.readTree(e.detailsJson()));
            }
            out.println(mapper.writeValueAsString(array));
        } else if (entries.isEmpty()) {
            out.println("No audit rows match.");
        } else {
            for (AuditEntry e : entries) {
                out.println(TIME.format(e.createdAt()) + "  " + e.action() + "  " + orDash(e.teamId()) + "/"
                        + orDash(e.projectId()) + "  by " + (e.actorId() != null ? e.actorId()
                                : e.apiKeyId() != null ? "key " + e.apiKeyId() : "engram")
                        + "  " + orDash(e.resourceType()) + " " + orDash(e.resourceId())
                        + (e.requestId() == null ? "" : "  request " + e.requestId()) + "  " + e.detailsJson());
            }
        }
        out.flush();
        return 0;
    }

    private static String orDash(@Nullable String value) {
        return value == null ? "-" : value;
    }

    /** An ISO-8601 instant, or a time ago: a whole number and {@code m}, {@code h} or {@code d}. */
    static final class Moment implements ITypeConverter<Instant> {
        private static final Pattern AGO = Pattern.compile("(\\d{1,6})([mhd])");

        @Override
        public Instant convert(String value) {
            Matcher ago = AGO.matcher(value.trim());
            if (ago.matches()) {
                long n = Long.parseLong(ago.group(1));
                Duration back = switch (ago.group(2)) {
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
                return Instant.now().minus(back);
            }
            try {
                return Instant.parse(value.trim());
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value + "' is neither an ISO-8601 time such as "
                        + "2026-12-01T00:00:00Z nor a time ago such as 90m, 12h or 7d");
            }
        }
    }
}
