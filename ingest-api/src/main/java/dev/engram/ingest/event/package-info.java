/** Agent events: validation, the one-transaction ingest (event, job, outbox row) and event reads. */
@NullMarked
package dev.engram.ingest.event;

import org.jspecify.annotations.NullMarked;
