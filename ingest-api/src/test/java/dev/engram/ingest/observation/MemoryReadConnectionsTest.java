package dev.engram.ingest.observation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.core.settings.DatabaseSettings;
import dev.engram.ingest.IngestApiTest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The ranked reads' own pool plans once per statement; the ingest pool keeps Postgres's default. It is metered and has
 * a health component as the ingest pool has.
 */
class MemoryReadConnectionsTest extends IngestApiTest {

    @Autowired
    MemoryReadConnections reads;

    @Autowired
    DatabaseClient ingest;

    @Autowired
    MeterRegistry meters;

    @Test
    void readsKeepOnePlanPerStatementAndIngestDoesNot() {
        assertThat(setting(reads.client(), "plan_cache_mode")).isEqualTo("force_generic_plan");
        assertThat(setting(reads.client(), "jit")).isEqualTo("off");
        assertThat(setting(reads.client(), "application_name")).isEqualTo("engram-memory-reads");
        assertThat(setting(ingest, "plan_cache_mode")).isEqualTo("auto");
    }

    @Test
    void thePoolIsMeteredBesideTheIngestPoolAndHoldsOneConnectionPerProcessor() {
        double processors = Math.max(2, Runtime.getRuntime().availableProcessors());
        assertThat(meters.get("r2dbc.pool.max.allocated").tag("name", "memory-reads").gauge().value())
                .isEqualTo(processors);
        assertThat(meters.get("r2dbc.pool.acquired").tag("name", "memory-reads").gauge()).isNotNull();
    }

    @Test
    void thePoolHasAHealthComponentOutsideReadiness() {
        http.get().uri("/actuator/health").exchange()
                .expectBody().jsonPath("$.components.memoryReads.status").isEqualTo("UP");
        http.get().uri("/actuator/health/readiness").exchange()
                .expectBody().jsonPath("$.components.memoryReads").doesNotExist();
    }

    @Test
    void aPoolThatCannotConnectIsDown() {
        DatabaseSettings nowhere = new DatabaseSettings("127.0.0.1", 1, "engram", "engram", "engram");
        MemoryReadConnections unreachable = new MemoryReadConnections(nowhere, new MemoryReadSettings(1),
                new SimpleMeterRegistry());
        try {
            Health health = new MemoryReadsHealth(unreachable).health().block(Duration.ofSeconds(10));

            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        } finally {
            unreachable.destroy();
        }
    }

    private static String setting(DatabaseClient client, String name) {
        return client.sql("SELECT current_setting('" + name + "')").map((row, meta) -> row.get(0, String.class))
                .one().block();
    }
}
