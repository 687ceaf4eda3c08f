package dev.engram.ops.jobs;

import dev.engram.core.job.JobStatus;
import dev.engram.core.lane.Lane;
import dev.engram.core.settings.DatabaseSettings;
import dev.engram.core.store.GenerationJobStore;
import dev.engram.core.store.GenerationJobStore.LaneStatus;
import dev.engram.core.store.OutboxStore;
import dev.engram.core.store.OutboxStore.LaneBacklog;
import dev.engram.ops.database.DatabaseOptions;
import dev.engram.ops.database.PostgresConnections;
import dev.engram.ops.database.SchemaMigrator;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code engram jobs status}: per lane, what Postgres says (jobs by status, the oldest queued one), what the
 * outbox still holds (rows and the age of the oldest), and what Kafka says (each consumer group's lag, per
 * partition), with the places where they disagree flagged. Exit status 3 when something is flagged.
 */
@Command(name = "status", description = "Jobs per lane: Postgres, the outbox and the consumer groups' lag, "
        + "with disagreements flagged (exit status 3).", mixinStandardHelpOptions = true)
public final class JobsStatusCommand implements Callable<Integer> {

    static final int FLAGGED = 3;

    @Option(names = "--team", description = "Only this team's jobs (the outbox and Kafka are shown whole).")
    private @Nullable String team;

    @Option(names = "--stall-after", paramLabel = "<seconds>", defaultValue = "30",
            description = "Flag an outbox row or a published queued job older than this (default ${DEFAULT-VALUE}).")
    private int stallAfterSeconds = 30;

    @Option(names = "--json", description = "One JSON object, for scripts.")
    private boolean json;

    @Mixin
    private DatabaseOptions databaseOptions = new DatabaseOptions();

    @Mixin
    private KafkaOptions kafka = new KafkaOptions();

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        DatabaseSettings database = databaseOptions.settings();
        new SchemaMigrator(database).migrate();
        record Read(List<LaneStatus> jobs, List<LaneBacklog> outbox) {
        }
        Read read = PostgresConnections.inTransaction(database, jdbc ->
                new Read(new GenerationJobStore(jdbc).statusByLane(team), new OutboxStore(jdbc).backlogByLane()));
        List<String> topics = Arrays.stream(Lane.values()).map(Lane::topic).toList();
        Map<String, List<ConsumerLag.PartitionLag>> lags;
        String kafkaProblem = null;
        try {
            lags = ConsumerLag.of(kafka.bootstrapServers, topics, Duration.ofSeconds(5));
        } catch (IllegalStateException e) {
            lags = Map.of();
            kafkaProblem = e.getMessage();
        }
        Instant now = Instant.now();
        Duration stall = Duration.ofSeconds(stallAfterSeconds);
        List<LaneView> lanes = new ArrayList<>();
        List<String> flags = new ArrayList<>();
        for (Lane lane : Lane.values()) {
            LaneView view = LaneView.of(lane, read.jobs(), read.outbox(), lags.get(lane.topic()));
            lanes.add(view);
            if (kafkaProblem == null) {
                flags.addAll(view.flags(now, stall));
            } else if (view.outboxOldest() != null && Duration.between(view.outboxOldest(), now).compareTo(stall) > 0) {
                flags.addAll(view.flags(now, stall).stream().filter(f -> f.contains("outbox")).toList());
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(JsonMapper.builder().build().writeValueAsString(asJson(lanes, flags, kafkaProblem, now)));
        } else {
            print(out, lanes, flags, kafkaProblem, now);
        }
        out.flush();
        return flags.isEmpty() ? 0 : FLAGGED;
    }

    private void print(PrintWriter out, List<LaneView> lanes, List<String> flags, @Nullable String kafkaProblem,
            Instant now) {
        out.println("Jobs by lane (Postgres" + (team == null ? ", every team" : ", team " + team) + "):");
        String row = "%-12s %8s %10s %10s %8s %9s  %-13s %7s  %-13s %s%n";
        out.printf(row, "LANE", "QUEUED", "PROCESSING", "COMPLETED", "FAILED", "CANCELLED", "OLDEST QUEUED",
                "OUTBOX", "OLDEST ROW", "KAFKA LAG (group: total; partition:lag ...)");
        for (LaneView lane : lanes) {
            out.printf(row, lane.lane().wireName(), lane.count(JobStatus.QUEUED), lane.count(JobStatus.PROCESSING),
                    lane.count(JobStatus.COMPLETED), lane.count(JobStatus.FAILED), lane.count(JobStatus.CANCELLED),
                    age(lane.oldestQueued(), now), lane.outboxRows(), age(lane.outboxOldest(), now),
                    kafkaProblem != null ? "unknown" : lane.describeLag());
        }
        if (kafkaProblem != null) {
            out.println("Kafka lag unknown: " + kafkaProblem + " (--kafka names the broker).");
        }
        if (flags.isEmpty()) {
            out.println(kafkaProblem == null ? "No disagreement between Postgres, the outbox and Kafka."
                    : "Nothing flagged in Postgres and the outbox; Kafka was not checked.");
        }
        flags.forEach(flag -> out.println("! " + flag));
    }

    private static ObjectNode asJson(List<LaneView> lanes, List<String> flags, @Nullable String kafkaProblem,
            Instant now) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode byLane = root.putObject("lanes");
        for (LaneView lane : lanes) {
            ObjectNode node = byLane.putObject(lane.lane().wireName());
            ObjectNode counts = node.putObject("jobs");
            for (JobStatus status : JobStatus.values()) {
                counts.put(status.wireName(), lane.count(status));
            }
            node.put("publishedQueued", lane.publishedQueued());
            node.put("oldestQueuedSeconds", seconds(lane.oldestQueued(), now));
            node.put("outboxRows", lane.outboxRows());
            node.put("outboxOldestSeconds", seconds(lane.outboxOldest(), now));
            ObjectNode groups = node.putObject("lag");
            lane.lagByGroup().forEach((group, lags) -> {
                ObjectNode g = groups.putObject(group);
                lags.forEach(l -> g.put(String.valueOf(l.partition()), l.lag()));
            });
        }
        root.put("kafkaError", kafkaProblem);
        flags.forEach(root.putArray("flags")::add);
        return root;
    }

    private static String age(@Nullable Instant since, Instant now) {
        if (since == null) {
            return "-";
        }
        long s = Math.max(0, Duration.between(since, now).toSeconds());
        return s < 120 ? s + "s" : s < 7200 ? (s / 60) + "m" : (s / 3600) + "h";
    }

    private static @Nullable Long seconds(@Nullable Instant since, Instant now) {
        return since == null ? null : Math.max(0, Duration.between(since, now).toSeconds());
    }

    /** One lane as the three sources see it. */
    private record LaneView(Lane lane, Map<JobStatus, Long> counts, long publishedQueued, @Nullable Instant oldestQueued,
            long outboxRows, @Nullable Instant outboxOldest, @Nullable Map<String, List<ConsumerLag.PartitionLag>> lagByGroupOrNull) {

        static LaneView of(Lane lane, List<LaneStatus> jobs, List<LaneBacklog> outbox,
                @Nullable List<ConsumerLag.PartitionLag> lags) {
            Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
            long published = 0;
            Instant oldest = null;
            for (LaneStatus status : jobs) {
                if (status.lane().equals(lane.wireName())) {
                    counts.put(status.status(), status.count());
                    published += status.published();
                    if (status.oldestQueued() != null) {
                        oldest = status.oldestQueued();
                    }
                }
            }
            LaneBacklog backlog = outbox.stream().filter(b -> b.lane().equals(lane.wireName())).findFirst()
                    .orElse(null);
            Map<String, List<ConsumerLag.PartitionLag>> byGroup = lags == null ? null
                    : lags.stream().collect(Collectors.groupingBy(ConsumerLag.PartitionLag::group, LinkedHashMap::new,
                            Collectors.toList()));
            return new LaneView(lane, counts, published, oldest, backlog == null ? 0 : backlog.rows(),
                    backlog == null ? null : backlog.oldest(), byGroup);
        }

        long count(JobStatus status) {
            return counts.getOrDefault(status, 0L);
        }

        Map<String, List<ConsumerLag.PartitionLag>> lagByGroup() {
            return lagByGroupOrNull == null ? Map.of() : lagByGroupOrNull;
        }

        long totalLag() {
            return lagByGroup().values().stream().flatMap(List::stream).mapToLong(ConsumerLag.PartitionLag::lag).sum();
        }

        String describeLag() {
            if (lagByGroup().isEmpty()) {
                return "no consumer group";
            }
            return lagByGroup().entrySet().stream().map(e -> e.getKey() + ": "
                            + e.getValue().stream().mapToLong(ConsumerLag.PartitionLag::lag).sum() + "; "
                            + e.getValue().stream().map(l -> l.partition() + ":" + l.lag())
                                    .collect(Collectors.joining(" ")))
                    .collect(Collectors.joining(" | "));
        }

        /** Where Postgres, the outbox and Kafka disagree for this lane. */
        List<String> flags(Instant now, Duration stall) {
            List<String> flags = new ArrayList<>();
            String name = lane.wireName();
            if (outboxOldest != null && Duration.between(outboxOldest, now).compareTo(stall) > 0) {
                flags.add(name + ": the outbox holds " + outboxRows + " unpublished rows, the oldest "
                        + Duration.between(outboxOldest, now).toSeconds() + " s old: is an ingest-api (the relay) "
                        + "running, and can it reach Kafka?");
            }
            long waiting = count(JobStatus.QUEUED) + count(JobStatus.PROCESSING);
            boolean old = oldestQueued != null && Duration.between(oldestQueued, now).compareTo(stall) > 0;
            if (waiting > 0 && lagByGroup().isEmpty()) {
                flags.add(name + ": " + waiting + " jobs are queued or processing and no consumer group reads "
                        + lane.topic() + ": start its processor");
            } else if (publishedQueued > 0 && totalLag() == 0 && count(JobStatus.PROCESSING) == 0 && old) {
                flags.add(name + ": " + publishedQueued + " queued jobs were published but the consumer groups have "
                        + "read everything on " + lane.topic() + ": their records were lost or skipped; the relay "
                        + "republishes them after engram.relay.republish-after, or run engram jobs retry");
            }
            return flags;
        }
    }
}
