package dev.engram.ops.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.ops.testing.FreePorts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerTest {

    @TempDir
    Path dataDir;

    @Test
    void carriesARecordFromAProducerToAConsumer() throws Exception {
        int[] ports = FreePorts.take(2);
        try (KafkaBroker broker = new KafkaBroker(new KafkaBrokerSettings(ports[0], ports[1], dataDir))) {
            broker.start();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("engram.test", 1, (short) 1))).all().get();
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
                producer.send(new ProducerRecord<>("engram.test", "evt_1", "hello")).get();
            }
            List<ConsumerRecord<String, String>> received = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "kafka-broker-test",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
                consumer.subscribe(Set.of("engram.test"));
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                    return !received.isEmpty();
                });
            }
            assertThat(received).singleElement().satisfies(r -> {
                assertThat(r.key()).isEqualTo("evt_1");
                assertThat(r.value()).isEqualTo("hello");
            });
        }
    }

    @Test
    void runsItsLogCleanerWithASmallOffsetMap() throws Exception {
        int[] ports = FreePorts.take(2);
        try (KafkaBroker broker = new KafkaBroker(new KafkaBrokerSettings(ports[0], ports[1], dataDir))) {
            broker.start();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                // What the running broker reports, not what was asked for: Kafka's default is a 128 MiB heap array.
                ConfigResource node = new ConfigResource(ConfigResource.Type.BROKER, "1");
                assertThat(admin.describeConfigs(List.of(node)).all().get().get(node)
                        .get("log.cleaner.dedupe.buffer.size").value())
                        .isEqualTo(String.valueOf(8 * 1024 * 1024));
            }
        }
    }

    @Test
    void keepsItsClusterIdAcrossRestarts() {
        int[] ports = FreePorts.take(2);
        KafkaBrokerSettings settings = new KafkaBrokerSettings(ports[0], ports[1], dataDir);
        String first;
        try (KafkaBroker broker = new KafkaBroker(settings)) {
            broker.start();
            first = broker.clusterId();
        }
        try (KafkaBroker broker = new KafkaBroker(settings)) {
            broker.start();
            assertThat(broker.clusterId()).isEqualTo(first);
        }
    }
}
