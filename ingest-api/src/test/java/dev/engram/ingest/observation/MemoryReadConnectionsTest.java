package dev.engram.ingest.observation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.ingest.IngestApiTest;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

/** The ranked reads' own pool plans once per statement; the ingest pool keeps Postgres's default. */
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
    void thePoolIsMeteredBesideTheIngestPool() {
        assertThat(meters.get("r2dbc.pool.max.allocated").tag("name", "memory-reads").gauge().value()).isEqualTo(8.0);
        assertThat(meters.get("r2dbc.pool.acquired").tag("name", "memory-reads").gauge()).isNotNull();
    }

    private static String setting(DatabaseClient client, String name) {
        return client.sql("SELECT current_setting('" + name + "')").map((row, meta) -> row.get(0, String.class))
                .one().block();
    }
}
