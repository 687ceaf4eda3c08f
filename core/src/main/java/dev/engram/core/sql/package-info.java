/**
 * Every SQL statement Engram runs, one class per table (or per table and its child rows), next to the
 * migrations that define the schema. The statements use named parameters ({@code :team}), which both
 * Spring's {@code JdbcClient} and R2DBC's {@code DatabaseClient} expand, so the reactive owner of a
 * table in {@code ingest-api} and its JDBC owner in {@code dev.engram.core.store} run the same text. Each
 * class is used only by its table's owners; the architecture tests enforce both rules.
 */
@NullMarked
package dev.engram.core.sql;

import org.jspecify.annotations.NullMarked;
