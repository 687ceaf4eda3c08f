package dev.engram.core.sql;

/** SQL for Flyway's {@code flyway_schema_history}: whether the schema has been migrated. */
public final class SchemaHistorySql {

    public static final String SUCCESSFUL_MIGRATIONS =
            "SELECT count(*) AS n FROM flyway_schema_history WHERE success";

    private SchemaHistorySql() {
    }
}
