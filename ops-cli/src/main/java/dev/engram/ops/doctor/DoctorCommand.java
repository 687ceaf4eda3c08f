package dev.engram.ops.doctor;

import dev.engram.core.lane.Lane;
import dev.engram.core.settings.DatabaseSettings;
import dev.engram.core.store.OutboxStore;
import dev.engram.core.store.OutboxStore.LaneBacklog;
import dev.engram.ops.database.DatabaseOptions;
import dev.engram.ops.database.PostgresConnections;
import dev.engram.ops.dev.DevDatabase;
import dev.engram.ops.jobs.ConsumerLag;
import java.io.PrintWriter;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * {@code engram doctor}: checks what a running Engram needs and explains each finding in one line with its
 * fix: the database (reachable, migrated, pgvector), Kafka (reachable, the lane topics and their partitions),
 * the relay (the outbox's oldest unpublished row), the consumer groups (present, their lag) and the generation
 * provider. Exit status 1 when something fails; warnings alone keep 0. Changes nothing.
 */
@Command(name = "doctor", description = "Check the database, Kafka, the relay, the consumer groups and the provider.",
        mixinStandardHelpOptions = true)
public final class DoctorCommand implements Callable<Integer> {

    static final int FAILED = 1;

    @Option(names = "--kafka", paramLabel = "<host:port>",
            defaultValue = "${env:ENGRAM_KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}",
            description = "Kafka bootstrap servers (env ENGRAM_KAFKA_BOOTSTRAP_SERVERS, default ${DEFAULT-VALUE}).")
    private String bootstrapServers = "localhost:9092";

    @Option(names = "--partitions", defaultValue = "${env:ENGRAM_KAFKA_PARTITIONS:-6}",
            description = "Partitions each lane topic should have (engram.kafka.partitions, default ${DEFAULT-VALUE}).")
    private int partitions = 6;

    @Option(names = "--provider", defaultValue = "${env:ENGRAM_GENERATION_PROVIDER:-rules}",
            description = "The generation provider the processors run (engram.generation.provider, "
                    + "default ${DEFAULT-VALUE}).")
    private String provider = "rules";

    // The keys and endpoints the processors read from the environment (Spring AI's own variables); sent, never shown.
    @Option(names = "--openai-api-key", defaultValue = "${env:SPRING_AI_OPENAI_API_KEY}", hidden = true)
    private @Nullable String openAiKey;

    @Option(names = "--openai-base-url", defaultValue = "${env:SPRING_AI_OPENAI_BASE_URL}",
            description = "The OpenAI-compatible endpoint to check (default: SPRING_AI_OPENAI_BASE_URL, else OpenAI's).")
    private @Nullable String openAiBaseUrl;

    @Option(names = "--anthropic-api-key", defaultValue = "${env:SPRING_AI_ANTHROPIC_API_KEY}", hidden = true)
    private @Nullable String anthropicKey;

    @Option(names = "--anthropic-base-url", defaultValue = "${env:SPRING_AI_ANTHROPIC_BASE_URL}",
            description = "The Anthropic endpoint to check (default: SPRING_AI_ANTHROPIC_BASE_URL, else Anthropic's).")
    private @Nullable String anthropicBaseUrl;

    @Option(names = "--gemini-api-key", defaultValue = "${env:SPRING_AI_GOOGLE_GENAI_API_KEY}", hidden = true)
    private @Nullable String geminiKey;

    @Option(names = "--gemini-base-url", defaultValue = "${env:ENGRAM_GEMINI_BASE_URL}",
            description = "The Gemini endpoint to check (default: ENGRAM_GEMINI_BASE_URL, else Gemini's OpenAI-compatible one).")
    private @Nullable String geminiBaseUrl;

    @Option(names = "--stall-after", defaultValue = "30", paramLabel = "<seconds>",
            description = "An unpublished outbox row older than this means the relay is stuck (default ${DEFAULT-VALUE}).")
    private int stallAfterSeconds = 30;

    @Option(names = "--json", description = "One JSON array of findings, for scripts.")
    private boolean json;

    @Mixin
    private DatabaseOptions databaseOptions = new DatabaseOptions();

    @Spec
    private CommandSpec spec;

    /** One finding: what was checked, how it stands, and what to do when it is not ok. */
    record Finding(String check, Level level, String detail, @Nullable String fix) {
    }

    enum Level { OK, WARN, FAIL }

    @Override
    public Integer call() {
        List<Finding> findings = new ArrayList<>();
        DatabaseSettings database = databaseOptions.settings();
        boolean databaseUp = checkDatabase(database, findings);
        Set<String> topics = checkKafka(findings);
        if (databaseUp) {
            checkRelay(database, findings);
        }
        if (topics != null) {
            checkConsumers(findings);
        }
        checkProvider(findings);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            findings.forEach(f -> array.addObject().put("check", f.check()).put("level", f.level().name().toLowerCase(Locale.ROOT))
                    .put("detail", f.detail()).put("fix", f.fix()));
            out.println(JsonMapper.builder().build().writeValueAsString(array));
        } else {
            for (Finding f : findings) {
                out.println(String.format("%-4s %-16s %s", f.level() == Level.OK ? "ok" : f.level().name().toLowerCase(Locale.ROOT),
                        f.check(), f.detail()) + (f.fix() == null ? "" : " — " + f.fix()));
            }
            long failed = findings.stream().filter(f -> f.level() == Level.FAIL).count();
            out.println(failed == 0 ? "Everything Engram needs is in place." : failed + " check(s) failed.");
        }
        out.flush();
        return findings.stream().anyMatch(f -> f.level() == Level.FAIL) ? FAILED : 0;
    }

    private boolean checkDatabase(DatabaseSettings database, List<Finding> findings) {
        try (Connection c = PostgresConnections.open(database)) {
            c.isValid(2);
            findings.add(new Finding("database", Level.OK, database.host() + ":" + database.port() + "/"
                    + database.name() + " as " + database.user(), null));
        } catch (Exception e) {
            findings.add(new Finding("database", Level.FAIL, "cannot connect to " + database.host() + ":"
                    + database.port() + "/" + database.name() + " as " + database.user() + " (" + firstLine(e) + ")",
                    "start Postgres (pg_ctlcluster 15 main start) or check --db-* / ENGRAM_DB_*"));
            return false;
        }
        try {
            Flyway flyway = Flyway.configure().dataSource(database.jdbcUrl(), database.user(), database.password())
                    .locations("classpath:db/migration").load();
            MigrationInfo current = flyway.info().current();
            MigrationInfo[] pending = flyway.info().pending();
            if (current == null) {
                findings.add(new Finding("schema", Level.FAIL, "not migrated (no Engram tables)",
                        "start an ingest-api (it migrates at start-up) or run engram dev"));
            } else if (pending.length > 0) {
                findings.add(new Finding("schema", Level.FAIL, "at V" + current.getVersion() + ", " + pending.length
                        + " migration(s) pending (newest V" + pending[pending.length - 1].getVersion() + ")",
                        "start the new ingest-api: it migrates at start-up"));
            } else {
                findings.add(new Finding("schema", Level.OK, "migrated, at V" + current.getVersion(), null));
            }
        } catch (Exception e) {
            findings.add(new Finding("schema", Level.FAIL, "cannot read the migration history (" + firstLine(e) + ")",
                    "check the role's rights on the database"));
        }
        DevDatabase.Pgvector pgvector = new DevDatabase(database).pgvector();
        switch (pgvector) {
            case ENABLED -> findings.add(new Finding("pgvector", Level.OK, "enabled: semantic and hybrid search", null));
            case NOT_ENABLED -> findings.add(new Finding("pgvector", Level.WARN,
                    "installed but not created in this database: search is full-text only",
                    "as a superuser: CREATE EXTENSION vector; then V8's last block (docs/operations.md)"));
            case MISSING -> findings.add(new Finding("pgvector", Level.WARN,
                    "not installed on the server: search is full-text only",
                    "infra/pgvector/install-pgvector.sh (docs/operations.md)"));
        }
        return true;
    }

    /** The topics on the broker, or null when it cannot be reached. */
    private @Nullable Set<String> checkKafka(List<Finding> findings) {
        Duration timeout = Duration.ofSeconds(5);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis()))) {
            int brokers = admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
            findings.add(new Finding("kafka", Level.OK, bootstrapServers + ", " + brokers + " broker(s)", null));
            Set<String> topics = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<String> wanted = new ArrayList<>();
            for (Lane lane : Lane.values()) {
                wanted.add(lane.topic());
                wanted.add(lane.topic() + ".dlq");
            }
            List<String> missing = wanted.stream().filter(t -> !topics.contains(t)).toList();
            List<String> present = wanted.stream().filter(topics::contains).toList();
            Map<String, TopicDescription> described = present.isEmpty() ? Map.of()
                    : admin.describeTopics(present).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<String> wrong = described.values().stream().filter(d -> d.partitions().size() != partitions)
                    .map(d -> d.name() + " has " + d.partitions().size()).toList();
            if (!missing.isEmpty()) {
                findings.add(new Finding("topics", Level.FAIL, "missing: " + String.join(", ", missing),
                        "start an ingest-api: it creates the lane topics at start-up"));
            } else if (!wrong.isEmpty()) {
                findings.add(new Finding("topics", Level.WARN, String.join("; ", wrong) + " partitions, not "
                        + partitions, "processors scale only to the partition count; see engram.kafka.partitions"));
            } else {
                findings.add(new Finding("topics", Level.OK, wanted.size() + " lane and dead-letter topics, "
                        + partitions + " partitions each", null));
            }
            return topics;
        } catch (Exception e) {
            findings.add(new Finding("kafka", Level.FAIL, "cannot reach " + bootstrapServers + " (" + firstLine(e) + ")",
                    "start the broker (engram broker, or engram dev, which runs one) or check --kafka / ENGRAM_KAFKA_BOOTSTRAP_SERVERS"));
            return null;
        }
    }

    private void checkRelay(DatabaseSettings database, List<Finding> findings) {
        try {
            List<LaneBacklog> backlog = PostgresConnections.inTransaction(database,
                    jdbc -> new OutboxStore(jdbc).backlogByLane());
            Instant oldest = backlog.stream().map(LaneBacklog::oldest).min(Instant::compareTo).orElse(null);
            long rows = backlog.stream().mapToLong(LaneBacklog::rows).sum();
            if (oldest == null) {
                findings.add(new Finding("relay", Level.OK, "the outbox is empty: every job was handed to Kafka", null));
            } else {
                long age = Duration.between(oldest, Instant.now()).toSeconds();
                findings.add(age > stallAfterSeconds
                        ? new Finding("relay", Level.FAIL, rows + " outbox rows wait, the oldest " + age + " s old",
                                "start an ingest-api (it runs the relay) and check that it reaches Kafka")
                        : new Finding("relay", Level.OK, rows + " outbox rows in flight, the oldest " + age + " s old",
                                null));
            }
        } catch (RuntimeException e) {
            findings.add(new Finding("relay", Level.FAIL, "cannot read the outbox (" + firstLine(e) + ")",
                    "check that the schema is migrated"));
        }
    }

    private void checkConsumers(List<Finding> findings) {
        List<Lane> served = List.of(Lane.values());
        try {
            Map<String, List<ConsumerLag.PartitionLag>> lags = ConsumerLag.of(bootstrapServers,
                    served.stream().map(Lane::topic).toList(), Duration.ofSeconds(5));
            for (Lane lane : served) {
                List<ConsumerLag.PartitionLag> lag = lags.getOrDefault(lane.topic(), List.of());
                if (lag.isEmpty()) {
                    findings.add(new Finding("consumers", Level.FAIL, "no consumer group reads " + lane.topic(),
                            "start the " + (lane == Lane.SUMMARY ? "summary" : "generation") + " processor"));
                } else {
                    long total = lag.stream().mapToLong(ConsumerLag.PartitionLag::lag).sum();
                    String groups = String.join(", ", lag.stream().map(ConsumerLag.PartitionLag::group)
                            .distinct().toList());
                    findings.add(new Finding("consumers", Level.OK, lane.topic() + " read by " + groups + ", lag "
                            + total, null));
                }
            }
        } catch (IllegalStateException e) {
            findings.add(new Finding("consumers", Level.FAIL, firstLine(e), "check the broker"));
        }
    }

    private void checkProvider(List<Finding> findings) {
        switch (provider) {
            case "rules" -> findings.add(new Finding("provider", Level.OK, "rules (offline; nothing to reach)", null));
            case "openai", "anthropic", "gemini" -> {
                ProviderProbe.Result result = switch (provider) {
                    case "openai" -> ProviderProbe.probe(provider, openAiKey, openAiBaseUrl);
                    case "gemini" -> ProviderProbe.probe(provider, geminiKey, geminiBaseUrl);
                    default -> ProviderProbe.probe(provider, anthropicKey, anthropicBaseUrl);
                };
                findings.add(new Finding("provider", result.ok() ? Level.OK : Level.FAIL, result.message(),
                        result.fix()));
            }
            default -> findings.add(new Finding("provider", Level.FAIL, "'" + provider + "' is not a provider this "
                    + "build has", "set engram.generation.provider (ENGRAM_GENERATION_PROVIDER) to rules, anthropic, "
                    + "openai or gemini"));
        }
    }

    private static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.strip().lines().findFirst().orElse(message);
    }
}
