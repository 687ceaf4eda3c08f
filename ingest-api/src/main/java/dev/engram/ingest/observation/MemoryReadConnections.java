package dev.engram.ingest.observation;

import dev.engram.core.settings.DatabaseSettings;
import dev.engram.core.sql.ObservationReads;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.Map;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.r2dbc.metrics.ConnectionPoolMetrics;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * The connections the ranked reads of memory run on (search by words, meaning or both, and a project's newest rows):
 * a pool of their own whose sessions plan each statement once and keep that plan ({@code plan_cache_mode =
 * force_generic_plan}). Their SQL names only the filters a read uses ({@link ObservationReads}), so one plan suits
 * every value bound to it; planning the hybrid statement again for each search cost about a seventh of its
 * throughput. The ingest pool keeps Postgres's default, which re-plans statements whose filters are optional. A pool
 * of its own also keeps a burst of searches from holding the connections events are committed on.
 */
@Component
public class MemoryReadConnections implements DisposableBean {

    private final ConnectionPool pool;
    private final DatabaseClient client;

    MemoryReadConnections(DatabaseSettings database, MemoryReadSettings settings, MeterRegistry meters) {
        PostgresqlConnectionConfiguration configuration = PostgresqlConnectionConfiguration.builder()
                .host(database.host())
                .port(database.port())
                .database(database.name())
                .username(database.user())
                .password(database.password())
                .applicationName("engram-memory-reads")
                // as the ingest pool (application.yml): no JIT, results in binary, fail fast when Postgres is away
                .options(Map.of("jit", "off", "plan_cache_mode", "force_generic_plan"))
                .forceBinary(true)
                .connectTimeout(Duration.ofSeconds(3))
                .build();
        PostgresqlConnectionFactory connections = new PostgresqlConnectionFactory(configuration);
        this.pool = new ConnectionPool(ConnectionPoolConfiguration.builder(connections)
                .name("memory-reads")
                .initialSize(0)
                .maxSize(settings.connections())
                .maxAcquireTime(Duration.ofSeconds(5))
                .build());
        this.client = DatabaseClient.create(pool);
        // metered as Spring Boot meters the ingest pool: r2dbc.pool.acquired, .pending, ... {name="memory-reads"}
        new ConnectionPoolMetrics(pool, "memory-reads", Tags.empty()).bindTo(meters);
    }

    /** The client whose statements run on this pool. */
    public DatabaseClient client() {
        return client;
    }

    /** The pool itself, for its health component ({@link MemoryReadsHealth}). */
    ConnectionFactory connectionFactory() {
        return pool;
    }

    @Override
    public void destroy() {
        pool.dispose();
    }
}
