package dev.engram.ingest.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.ingest.IngestApiTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/**
 * The relay's producer on topics created a moment before it sends, as on the first start of a stack: the broker
 * may answer the first batches NOT_LEADER_OR_FOLLOWER. With more than one request in flight, a later batch of the
 * same partition could then be written first, and the broker refused the retried first batch as out of order for
 * as long as the producer retried (KAFKA-14359): CI saw the relay publish nothing for two minutes.
 */
class FreshTopicPublishTest extends IngestApiTest {

    @Autowired
    KafkaTemplate<String, String> kafkaTemplate;

    @Test
    void producerKeepsOneRequestInFlight() {
        Map<String, Object> config = kafkaTemplate.getProducerFactory().getConfigurationProperties();
        assertThat(config.get(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION)).hasToString("1");
        assertThat(config.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG)).hasToString("true");
    }

    @Test
    void batchesSentTheMomentTheirTopicIsCreatedAreAllAcknowledged() throws Exception {
        try (AdminClient admin = AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.getBrokersAsString()))) {
            for (int round = 0; round < 10; round++) {
                String topic = "fresh-" + UUID.randomUUID();
                admin.createTopics(List.of(new NewTopic(topic, 8, (short) 1))).all().get(10, TimeUnit.SECONDS);
                List<CompletableFuture<SendResult<String, String>>> acks = new ArrayList<>();
                // several batches a partition, sent without waiting, as the relay sends its 500 rows
                for (int i = 0; i < 1000; i++) {
                    acks.add(kafkaTemplate.send(new ProducerRecord<>(topic, "job-" + i, "x".repeat(300))));
                }
                // (no flush: it would block until the stuck batches expired, two minutes later)
                CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(15, TimeUnit.SECONDS);
            }
        }
    }
}
