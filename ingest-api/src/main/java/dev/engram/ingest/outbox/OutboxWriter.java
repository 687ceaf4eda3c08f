package dev.engram.ingest.outbox;

import dev.engram.core.job.JobKind;
import dev.engram.core.job.JobPayload;
import dev.engram.core.job.JobPayloadCodec;
import dev.engram.ingest.sql.Params;
import io.r2dbc.postgresql.codec.Json;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * Writes outbox rows inside the caller's transaction. The trigger on {@code outbox} notifies the relay
 * when that transaction commits.
 */
@Repository
public class OutboxWriter {

    private static final String INSERT = """
            INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload, tracingspancontext, available_at)
            VALUES (:id, :lane, :jobId, :type, :payload, :trace, :availableAt)
            """;

    private final DatabaseClient db;

    OutboxWriter(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Void> append(JobPayload payload, @Nullable String traceparent) {
        return append(payload, traceparent, null);
    }

    /** Appends a row the relay publishes only from {@code availableAt} on (at once when null). */
    public Mono<Void> append(JobPayload payload, @Nullable String traceparent, @Nullable Instant availableAt) {
        JobKind kind = payload.jobKind();
        return db.sql(INSERT)
                .bind("id", UUID.randomUUID())
                .bind("lane", kind.lane().wireName())
                .bind("jobId", payload.generationJobId())
                .bind("type", kind.wireName())
                .bind("payload", Json.of(JobPayloadCodec.write(payload)))
                .bind("trace", Params.nullable(traceparent, String.class))
                .bind("availableAt", Params.nullable(availableAt, Instant.class))
                .then();
    }
}
