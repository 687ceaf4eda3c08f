/**
 * The JDBC owners of Engram's tables: one class per table (or table and child rows), running the
 * statements of {@code dev.engram.core.sql} through Spring's {@code JdbcClient}. The processors, the outbox
 * relay and {@code ops-cli} read and write Postgres only through these; the ingest API's request paths use
 * their reactive counterparts in {@code ingest-api}, on the same SQL.
 */
@NullMarked
package dev.engram.core.store;

import org.jspecify.annotations.NullMarked;
