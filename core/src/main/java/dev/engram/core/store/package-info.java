/**
 * The processors' side of Postgres, shared by every processor so that claiming, retrying, failing and
 * completing a job, and writing observations, have exactly one implementation (plain SQL through
 * Spring's {@code JdbcClient}). The ingest API reads and writes through R2DBC and does not use it.
 */
@NullMarked
package dev.engram.core.store;

import org.jspecify.annotations.NullMarked;
