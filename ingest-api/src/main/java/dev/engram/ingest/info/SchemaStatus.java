package dev.engram.ingest.info;

import dev.engram.core.sql.SchemaHistorySql;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** The reactive owner of Flyway's {@code flyway_schema_history}: whether the schema has been migrated. */
@Repository
class SchemaStatus {

    private final DatabaseClient db;

    SchemaStatus(DatabaseClient db) {
        this.db = db;
    }

    /** True once at least one migration succeeded; false while Flyway has not run, or Postgres is unreachable. */
    Mono<Boolean> migrated() {
        return db.sql(SchemaHistorySql.SUCCESSFUL_MIGRATIONS).map((row, meta) -> row.get("n", Long.class)).one()
                .map(n -> n > 0)
                .onErrorReturn(false);
    }
}
