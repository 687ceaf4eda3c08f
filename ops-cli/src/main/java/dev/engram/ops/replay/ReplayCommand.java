package dev.engram.ops.replay;

import dev.engram.core.lane.Lane;
import dev.engram.ops.jobs.ConsumerLag;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code engram replay}: moves a lane's consumer group back (to a time, the start of the log, or an offset) with
 * Kafka's admin API, so that its processor reads the lane's records again, then shows the lag draining. Replays
 * are safe because every write of a job is idempotent: a replayed record finds its job completed and writes
 * nothing new. Kafka moves only the offsets of a group without members, so the command refuses while the
 * processors run, unless {@code --force}.
 */
@Command(name = "replay", description = "Move a lane's consumer group back and watch it read the records again.",
        mixinStandardHelpOptions = true)
public final class ReplayCommand implements Callable<Integer> {

    static final int REFUSED = 4;

    @Option(names = "--lane", required = true, description = "event, event-batch, summary or reindex.")
    private String lane = "";

    @Option(names = "--from", required = true, paramLabel = "<ISO time | earliest | offset>",
            description = "Where to read from again: a time (2026-12-01T00:00:00Z), earliest, or an offset for every "
                    + "partition.")
    private String from = "";

    @Option(names = "--group", description = "The consumer group (default: the one group that reads the lane).")
    private @Nullable String group;

    @Option(names = "--force", description = "Remove the group's members first, so that Kafka lets the offsets move: "
            + "the running processors rejoin within seconds and read from the new position; records they were "
            + "working on may be processed once more, which writes nothing new.")
    private boolean force;

    @Option(names = "--wait", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Watch the lag drain after moving the group (default); --no-wait returns at once.")
    private boolean wait = true;

    @Option(names = "--timeout", defaultValue = "600", paramLabel = "<seconds>",
            description = "How long to watch the lag drain (default ${DEFAULT-VALUE}).")
    private int timeoutSeconds = 600;

    @Option(names = "--kafka", paramLabel = "<host:port>",
            defaultValue = "${env:ENGRAM_KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}",
            description = "Kafka bootstrap servers (env ENGRAM_KAFKA_BOOTSTRAP_SERVERS, default ${DEFAULT-VALUE}).")
    private String bootstrapServers = "localhost:9092";

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Lane chosen = Arrays.stream(Lane.values()).filter(l -> l.wireName().equals(lane)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown lane '" + lane
                        + "': one of event, event-batch, summary, reindex"));
        String topic = chosen.topic();
        PrintWriter out = spec.commandLine().getOut();
        Duration timeout = Duration.ofSeconds(10);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis()))) {
            List<TopicPartition> partitions = partitions(admin, topic, timeout);
            String groupId = group != null ? group : groupOf(admin, topic, timeout);
            Map<TopicPartition, Long> target = target(admin, partitions, timeout);
            ConsumerGroupDescription described = admin.describeConsumerGroups(List.of(groupId)).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(groupId);
            int members = described == null ? 0 : described.members().size();
            if (members > 0 && !force) {
                spec.commandLine().getErr().println("engram: group " + groupId + " has " + members
                        + " active member(s) reading " + topic + ", and Kafka moves only the offsets of a group "
                        + "without members: stop its processors first, or pass --force to remove the members "
                        + "(they rejoin within seconds and read from the new position)");
                return REFUSED;
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = target.entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue())));
            move(admin, groupId, offsets, members > 0, timeout, out);
            long toRead = lag(admin, groupId, partitions, timeout);
            out.println("Moved group " + groupId + " on " + topic + " to " + describeTarget(target) + ": " + toRead
                    + " records to read again.");
            out.flush();
            if (!wait) {
                return 0;
            }
            return watch(admin, groupId, partitions, toRead, out);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers + " did not answer within "
                    + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers + " refused: "
                    + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()));
        }
    }

    private static List<TopicPartition> partitions(Admin admin, String topic, Duration timeout) throws Exception {
        Set<String> topics = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!topics.contains(topic)) {
            throw new IllegalArgumentException("topic " + topic + " does not exist on this broker (has anything run?)");
        }
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic);
        return description.partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    /** The one consumer group that reads {@code topic} (committed offsets or assigned members). */
    private static String groupOf(Admin admin, String topic, Duration timeout) throws Exception {
        List<String> groups = admin.listGroups(ListGroupsOptions.forConsumerGroups())
                .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS).stream()
                .map(GroupListing::groupId).toList();
        List<String> readers = new ArrayList<>();
        for (String id : groups) {
            boolean committed = admin.listConsumerGroupOffsets(id).partitionsToOffsetAndMetadata()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).keySet().stream()
                    .anyMatch(p -> p.topic().equals(topic));
            if (committed) {
                readers.add(id);
            }
        }
        if (readers.size() != 1) {
            throw new IllegalArgumentException(readers.isEmpty()
                    ? "no consumer group has read " + topic + " yet: name it with --group"
                    : readers.size() + " consumer groups read " + topic + " (" + String.join(", ", readers)
                            + "): name one with --group");
        }
        return readers.get(0);
    }

    private Map<TopicPartition, Long> target(Admin admin, List<TopicPartition> partitions, Duration timeout)
            throws Exception {
        String value = from.trim();
        if (value.matches("\\d{1,18}")) {
            long offset = Long.parseLong(value);
            Map<TopicPartition, Long> ends = ConsumerLag.offsets(admin, partitions, OffsetSpec.latest(), timeout);
            Map<TopicPartition, Long> starts = ConsumerLag.offsets(admin, partitions, OffsetSpec.earliest(), timeout);
            Map<TopicPartition, Long> target = new HashMap<>();
            partitions.forEach(p -> target.put(p, Math.max(starts.get(p), Math.min(ends.get(p), offset))));
            return target;
        }
        if (value.equals("earliest")) {
            return ConsumerLag.offsets(admin, partitions, OffsetSpec.earliest(), timeout);
        }
        Instant time;
        try {
            time = Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--from '" + from + "' is neither an ISO-8601 time such as "
                    + "2026-12-01T00:00:00Z, nor earliest, nor an offset");
        }
        Map<TopicPartition, Long> byTime = ConsumerLag.offsets(admin, partitions,
                OffsetSpec.forTimestamp(time.toEpochMilli()), timeout);
        Map<TopicPartition, Long> ends = ConsumerLag.offsets(admin, partitions, OffsetSpec.latest(), timeout);
        Map<TopicPartition, Long> target = new HashMap<>();
        // no record at or after the time: the partition's end (nothing to read again there)
        partitions.forEach(p -> target.put(p, byTime.get(p) < 0 ? ends.get(p) : byTime.get(p)));
        return target;
    }

    /** Moves the group's offsets; with members (and --force) removes them first, retrying while they rejoin. */
    private static void move(Admin admin, String groupId, Map<TopicPartition, OffsetAndMetadata> offsets,
            boolean removeMembers, Duration timeout, PrintWriter out) throws Exception {
        for (int attempt = 1; ; attempt++) {
            if (removeMembers) {
                RemoveMembersFromConsumerGroupOptions all = new RemoveMembersFromConsumerGroupOptions();
                all.reason("engram replay --force");
                try {
                    admin.removeMembersFromConsumerGroup(groupId, all).all()
                            .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    // the group may have emptied already
                }
                if (attempt == 1) {
                    out.println("Removed the members of group " + groupId + " (--force); they rejoin by themselves.");
                }
            }
            try {
                admin.alterConsumerGroupOffsets(groupId, offsets).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException e) {
                if (!removeMembers || attempt == 5) {
                    throw e;
                }
                // a member rejoined between its removal and the move: remove again
            }
        }
    }

    private static long lag(Admin admin, String groupId, List<TopicPartition> partitions, Duration timeout)
            throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> ends = ConsumerLag.offsets(admin, partitions, OffsetSpec.latest(), timeout);
        long lag = 0;
        for (TopicPartition p : partitions) {
            OffsetAndMetadata offset = committed.get(p);
            lag += Math.max(0, ends.get(p) - (offset == null ? 0 : offset.offset()));
        }
        return lag;
    }

    private int watch(Admin admin, String groupId, List<TopicPartition> partitions, long total, PrintWriter out)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        boolean terminal = System.console() != null;
        long shown = -1;
        while (true) {
            long left = lag(admin, groupId, partitions, Duration.ofSeconds(10));
            long done = Math.max(0, total - left);
            if (left != shown) {
                int percent = total == 0 ? 100 : (int) (100 * done / total);
                String line = "  replayed " + done + "/" + total + " (" + percent + " %), lag " + left;
                if (terminal) {
                    out.print("\r" + line);
                } else {
                    out.println(line);
                }
                out.flush();
                shown = left;
            }
            if (left == 0) {
                if (terminal) {
                    out.println();
                }
                out.println("Group " + groupId + " has read every record again.");
                out.flush();
                return 0;
            }
            if (System.nanoTime() > deadline) {
                out.println();
                out.println("Still " + left + " records to read after " + timeoutSeconds + " s: are the processors "
                        + "running? (engram jobs status shows the lag)");
                out.flush();
                return REFUSED;
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
    }

    private static String describeTarget(Map<TopicPartition, Long> target) {
        return target.entrySet().stream().sorted(Map.Entry.comparingByKey(
                        (a, b) -> Integer.compare(a.partition(), b.partition())))
                .map(e -> e.getKey().partition() + ":" + e.getValue()).collect(Collectors.joining(" "));
    }
}
