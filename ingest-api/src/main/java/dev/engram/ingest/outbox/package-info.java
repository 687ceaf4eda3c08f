/** The transactional outbox rows written with each job. */
@NullMarked
package dev.engram.ingest.outbox;

import org.jspecify.annotations.NullMarked;
