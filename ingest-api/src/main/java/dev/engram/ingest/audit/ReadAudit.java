package dev.engram.ingest.audit;

import dev.engram.ingest.auth.ApiKeyPrincipal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Audits reads ({@code observation.read}) off the request path: a search or context answer never waits for
 * its audit row. Reads are queued (bounded) and written by a background subscriber, those queued together in
 * one statement (at most {@link #BATCH} rows, gathered for at most {@link #GATHER}), so that a stream of reads
 * costs a few commits a second rather than one each; if
 * the queue is full because Postgres cannot keep up, the row is dropped, logged and counted
 * ({@code engram.audit.reads.dropped}) rather than slowing every read down.
 */
@Component
public class ReadAudit implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ReadAudit.class);
    static final int CAPACITY = 10_000;
    static final int BATCH = 500;
    static final Duration GATHER = Duration.ofMillis(20);

    private final Sinks.Many<Read> queue = Sinks.many().unicast().onBackpressureBuffer(Queues.<Read>get(CAPACITY).get());
    private final Disposable writer;
    private final Counter dropped;

    ReadAudit(AuditLog audit, MeterRegistry meters) {
        this.dropped = Counter.builder("engram.audit.reads.dropped")
                .description("read audit rows dropped because the audit queue was full").register(meters);
        this.writer = queue.asFlux()
                .bufferTimeout(BATCH, GATHER, true)
                .concatMap(reads -> audit.recordAll(reads.stream().map(read -> new AuditLog.Entry(read.key(),
                        read.projectId(), "observation.read", "project", read.projectId(), read.requestId(),
                        read.details())).toList()), 1)
                .subscribe();
    }

    /**
     * Queues the audit row of one read.
     *
     * @param via {@code rest} or {@code mcp}
     * @param mode how the read was answered ({@code fulltext}, {@code recent}, {@code context}, ...)
     * @param ids the observations returned
     */
    public void read(ApiKeyPrincipal key, String projectId, String requestId, String via, String mode,
            String query, List<String> ids) {
        ObjectNode details = JsonNodeFactory.instance.objectNode()
                .put("via", via).put("mode", mode).put("query", query).put("count", ids.size());
        ids.forEach(details.putArray("ids")::add);
        Sinks.EmitResult result;
        synchronized (queue) {
            result = queue.tryEmitNext(new Read(key, projectId, requestId, details));
        }
        if (result.isFailure()) {
            dropped.increment();
            log.warn("read audit queue is full ({} rows); dropped the audit of request {}", CAPACITY, requestId);
        }
    }

    @Override
    public void destroy() {
        writer.dispose();
    }

    private record Read(ApiKeyPrincipal key, String projectId, String requestId, ObjectNode details) {
    }
}
