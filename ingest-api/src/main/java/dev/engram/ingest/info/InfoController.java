package dev.engram.ingest.info;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.engram.ingest.job.GenerationJobRepository;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code /healthz}, {@code /api/readiness} and {@code /v1/info}. */
@RestController
class InfoController {

    private static final String RUNTIME = "engram";
    private final SchemaStatus schema;
    private final GenerationJobRepository jobs;

    InfoController(SchemaStatus schema, GenerationJobRepository jobs) {
        this.schema = schema;
        this.jobs = jobs;
    }

    @GetMapping("/healthz")
    Map<String, Object> health() {
        return Map.of("status", "ok", "runtime", RUNTIME);
    }

    @GetMapping("/api/readiness")
    Mono<Map<String, Object>> readiness() {
        return schema.migrated().map(ready -> Map.of("status", ready ? "ready" : "migrating"));
    }

    @GetMapping("/v1/info")
    Mono<Map<String, Object>> info(dev.engram.ingest.auth.ApiKeyPrincipal key) {
        Mono<List<Map<String, Object>>> lanes = jobs.countByLaneAndStatus(key.teamId())
                .map(count -> {
                    Map<String, Object> lane = new LinkedHashMap<>();
                    lane.put("lane", count.lane());
                    lane.put("status", count.status());
                    lane.put("count", count.count());
                    return lane;
                })
                .collectList();
        return Mono.zip(schema.migrated(), lanes).map(both -> {
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("name", "engram");
            info.put("runtime", RUNTIME);
            info.put("authMode", "api-key");
            info.put("postgres", Map.of("initialized", both.getT1()));
            info.put("queues", both.getT2());
            return info;
        });
    }
}
