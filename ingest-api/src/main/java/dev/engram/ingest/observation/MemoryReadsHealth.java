package dev.engram.ingest.observation;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.r2dbc.health.ConnectionFactoryHealthIndicator;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The read pool's component of {@code /actuator/health}, {@code memoryReads}: whether a connection of
 * {@link MemoryReadConnections} validates, as Spring Boot's {@code r2dbc} component says it of the ingest pool. Not
 * in the readiness group: searches and context packs failing must not take the API out of a load balancer, where it
 * still takes events.
 */
@Component("memoryReads")
class MemoryReadsHealth implements ReactiveHealthIndicator {

    private final ConnectionFactoryHealthIndicator connections;

    MemoryReadsHealth(MemoryReadConnections reads) {
        this.connections = new ConnectionFactoryHealthIndicator(reads.connectionFactory());
    }

    @Override
    public Mono<Health> health() {
        return connections.health();
    }
}
