/** The outbox relay: publishes outbox rows to Kafka and re-publishes jobs that were never delivered. */
@NullMarked
package dev.engram.ingest.relay;

import org.jspecify.annotations.NullMarked;
