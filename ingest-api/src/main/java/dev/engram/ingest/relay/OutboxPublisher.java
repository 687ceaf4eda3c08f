package dev.engram.ingest.relay;

import dev.engram.core.store.OutboxRow;
import java.util.List;

/** Sends outbox rows to Kafka and returns only once the broker acknowledged every one of them. */
public interface OutboxPublisher {

    /**
     * Publishes the records in order.
     *
     * @throws RuntimeException when any record was not acknowledged; the caller then leaves every row
     *         unpublished, so all of them are sent again
     */
    void publish(List<OutboxRow> records);
}
