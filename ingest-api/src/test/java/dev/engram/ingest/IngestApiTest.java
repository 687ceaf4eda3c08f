package dev.engram.ingest;

import dev.engram.core.testing.TestDatabase;
import dev.engram.core.testing.TestTenant;
import dev.engram.ingest.relay.CrashingPublisher;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Base of the ingest-api integration tests: one Spring context, one real Postgres database and one
 * real Kafka broker (KRaft, in this JVM) shared by every test class that extends it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "engram.ingest.max-body-size=512KB",
        "engram.relay.poll-interval=200ms",
        "engram.relay.reconcile-interval=500ms",
        "engram.relay.republish-after=1h",
        "engram.relay.retention=1h",
        "engram.ingest.wait-timeout=3s",
        "engram.ingest.lookup-cache-ttl=1s",
        "engram.generation.debounce-window=2s",
        "engram.generation.debounce-grace=200ms",
        "management.tracing.sampling.probability=1.0"})
@AutoConfigureWebTestClient
@EmbeddedKafka(partitions = 2, bootstrapServersProperty = "engram.kafka.bootstrap-servers")
@Import(CrashingPublisher.Configuration.class)
public abstract class IngestApiTest {

    protected static final TestDatabase DATABASE = TestDatabase.fresh("ingest");

    @Autowired
    protected WebTestClient http;

    @Autowired
    protected EmbeddedKafkaBroker kafka;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        DATABASE.springProperties().forEach((key, value) -> registry.add(key, () -> value));
    }

    protected static TestTenant newTenant() {
        return TestTenant.create(DATABASE);
    }

    /** A realistic Claude Code tool use, unique per call through {@code marker}. */
    protected static String toolUse(String projectId, String marker) {
        return """
                {"projectId":"%s","sourceType":"hook","eventType":"tool_use","occurredAtEpoch":1764000000000,
                 "contentSessionId":"session-%s","platformSource":"Claude-Code",
                 "payload":{"tool_name":"Edit","tool_input":{"file_path":"src/main/java/App.java",
                   "old_string":"retry(3)","new_string":"retry(5)"},"tool_response":"ok %s"}}
                """.formatted(projectId, marker, marker);
    }
}
