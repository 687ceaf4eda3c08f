package dev.engram.ingest.info;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code /healthz}, {@code /api/readiness} and {@code /v1/info}. */
@RestController
class InfoController {

    private static final String RUNTIME = "engram";
    private static final String MIGRATED = "SELECT count(*) AS n FROM flyway_schema_history WHERE success";
    private static final String LANE_COUNTS = """
            SELECT lane, status, count(*) AS n FROM generation_jobs
             WHERE team_id = :team GROUP BY lane, status ORDER BY lane, status
            """;

    private final DatabaseClient db;

    InfoController(DatabaseClient db) {
        this.db = db;
    }

    @GetMapping("/healthz")
    Map<String, Object> health() {
        return Map.of("status", "ok", "runtime", RUNTIME);
    }

    @GetMapping("/api/readiness")
    Mono<Map<String, Object>> readiness() {
        return migrated().map(ready -> Map.of("status", ready ? "ready" : "migrating"));
    }

    @GetMapping("/v1/info")
    Mono<Map<String, Object>> info(dev.engram.ingest.auth.ApiKeyPrincipal key) {
        Mono<List<Map<String, Object>>> lanes = db.sql(LANE_COUNTS).bind("team", key.teamId())
                .map((row, meta) -> {
                    Map<String, Object> lane = new LinkedHashMap<>();
                    lane.put("lane", row.get("lane", String.class));
                    lane.put("status", row.get("status", String.class));
                    lane.put("count", row.get("n", Long.class));
                    return lane;
                })
                .all().collectList();
        return Mono.zip(migrated(), lanes).map(both -> {
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("name", "engram");
            info.put("runtime", RUNTIME);
            info.put("authMode", "api-key");
            info.put("postgres", Map.of("initialized", both.getT1()));
            info.put("queues", both.getT2());
            return info;
        });
    }

    private Mono<Boolean> migrated() {
        return db.sql(MIGRATED).map((row, meta) -> row.get("n", Long.class)).one()
                .map(n -> n > 0)
                .onErrorReturn(false);
    }
}
