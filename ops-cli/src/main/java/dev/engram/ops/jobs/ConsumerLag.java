package dev.engram.ops.jobs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far each consumer group is behind on the lane topics, read with Kafka's admin API: per partition, the
 * log's end offset against the group's committed offset (a partition the group never committed counts from
 * the log's start).
 */
public final class ConsumerLag {

    private ConsumerLag() {
    }

    /** One partition's lag for one group. */
    public record PartitionLag(String topic, int partition, String group, long committed, long end) {
        public long lag() {
            return Math.max(0, end - committed);
        }
    }

    /**
     * The lag of every consumer group that reads any of {@code topics}, by topic; a topic no group reads maps to
     * an empty list. Fails with a message when the broker does not answer within {@code timeout}.
     */
    public static Map<String, List<PartitionLag>> of(String bootstrapServers, Collection<String> topics, Duration timeout) {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        try (Admin admin = Admin.create(config)) {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<String> present = topics.stream().filter(existing::contains).toList();
            Map<String, TopicDescription> described = present.isEmpty() ? Map.of()
                    : admin.describeTopics(present).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<TopicPartition> partitions = described.values().stream()
                    .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                    .toList();
            Map<TopicPartition, Long> ends = offsets(admin, partitions, OffsetSpec.latest(), timeout);
            Map<TopicPartition, Long> starts = offsets(admin, partitions, OffsetSpec.earliest(), timeout);
            Map<String, List<PartitionLag>> byTopic = new HashMap<>();
            topics.forEach(topic -> byTopic.put(topic, new ArrayList<>()));
            Collection<GroupListing> groups = admin.listGroups(ListGroupsOptions.forConsumerGroups()).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Map<String, ConsumerGroupDescription> descriptions = groups.isEmpty() ? Map.of()
                    : admin.describeConsumerGroups(groups.stream().map(GroupListing::groupId).toList()).all()
                            .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            for (GroupListing group : groups) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
                        .partitionsToOffsetAndMetadata().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                // a group reads a topic when it committed offsets on it or a member is assigned a partition of it
                Set<String> readTopics = new HashSet<>();
                committed.keySet().forEach(partition -> readTopics.add(partition.topic()));
                ConsumerGroupDescription description = descriptions.get(group.groupId());
                if (description != null) {
                    description.members().forEach(member -> member.assignment().topicPartitions()
                            .forEach(partition -> readTopics.add(partition.topic())));
                }
                for (TopicPartition partition : partitions) {
                    if (!readTopics.contains(partition.topic())) {
                        continue;
                    }
                    OffsetAndMetadata offset = committed.get(partition);
                    long from = offset == null ? starts.getOrDefault(partition, 0L) : offset.offset();
                    byTopic.get(partition.topic()).add(new PartitionLag(partition.topic(), partition.partition(),
                            group.groupId(), from, ends.getOrDefault(partition, 0L)));
                }
            }
            return byTopic;
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers + " did not answer within "
                    + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers + " refused the admin request: "
                    + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking Kafka for the consumer groups' lag");
        }
    }

    /** Each partition's offset of {@code spec} (latest, earliest, for a time: -1 where no record is at or after it). */
    public static Map<TopicPartition, Long> offsets(Admin admin, List<TopicPartition> partitions, OffsetSpec spec,
            Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> asked = partitions.stream()
                .collect(Collectors.toMap(p -> p, p -> spec));
        Map<TopicPartition, ListOffsetsResultInfo> found = admin.listOffsets(asked).all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        found.forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }
}
