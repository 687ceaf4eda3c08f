package dev.engram.ingest.health;

import dev.engram.core.lane.Lane;
import dev.engram.ingest.config.KafkaSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * How many records of each lane its processors' consumer group has not read yet: per partition, the log's end
 * offset against the group's committed offset (never committed: from the log's start). The groups are the ones the
 * processors bind ({@code generation-processor}, {@code summary-processor}). {@code engram doctor} and
 * {@code engram jobs status} read the same with ops-cli's own reader, which also finds groups it does not know.
 */
@Component
final class LaneLag implements DisposableBean {

    /** Which group consumes each lane, as the processors' bindings name it. */
    static final Map<Lane, String> GROUPS = Map.of(Lane.EVENT, "generation-processor",
            Lane.EVENT_BATCH, "generation-processor", Lane.REINDEX, "generation-processor",
            Lane.SUMMARY, "summary-processor");

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final String bootstrapServers;
    private @Nullable Admin admin;

    LaneLag(KafkaSettings kafka) {
        this.bootstrapServers = kafka.bootstrapServers();
    }

    /**
     * Each lane's lag; fails when the broker does not answer within two seconds. One admin client serves every
     * reading (it reconnects by itself after the broker comes back), made on the first.
     */
    synchronized Map<Lane, Long> read() throws Exception {
        long millis = TIMEOUT.toMillis();
        if (admin == null) {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    AdminClientConfig.CLIENT_ID_CONFIG, "engram-health",
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) millis,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) millis));
        }
        Set<String> existing = admin.listTopics().names().get(millis, TimeUnit.MILLISECONDS);
        List<String> topics = new ArrayList<>();
        for (Lane lane : Lane.values()) {
            if (existing.contains(lane.topic())) {
                topics.add(lane.topic());
            }
        }
        Map<String, TopicDescription> described = topics.isEmpty() ? Map.of()
                : admin.describeTopics(topics).allTopicNames().get(millis, TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        described.values().forEach(topic -> topic.partitions().forEach(p -> {
            latest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest());
            earliest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.earliest());
        }));
        Map<TopicPartition, ListOffsetsResultInfo> ends = latest.isEmpty() ? Map.of()
                : admin.listOffsets(latest).all().get(millis, TimeUnit.MILLISECONDS);
        Map<TopicPartition, ListOffsetsResultInfo> starts = earliest.isEmpty() ? Map.of()
                : admin.listOffsets(earliest).all().get(millis, TimeUnit.MILLISECONDS);
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = new HashMap<>();
        for (String group : Set.copyOf(GROUPS.values())) {
            committed.put(group, admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(millis, TimeUnit.MILLISECONDS));
        }
        Map<Lane, Long> lag = new EnumMap<>(Lane.class);
        for (Lane lane : Lane.values()) {
            long total = 0;
            Map<TopicPartition, OffsetAndMetadata> offsets = committed.get(GROUPS.get(lane));
            for (TopicPartition partition : ends.keySet()) {
                if (!partition.topic().equals(lane.topic())) {
                    continue;
                }
                OffsetAndMetadata at = offsets.get(partition);
                long from = at != null ? at.offset() : starts.get(partition).offset();
                total += Math.max(0, ends.get(partition).offset() - from);
            }
            lag.put(lane, total);
        }
        return lag;
    }

    @Override
    public synchronized void destroy() {
        if (admin != null) {
            admin.close(TIMEOUT);
            admin = null;
        }
    }
}
