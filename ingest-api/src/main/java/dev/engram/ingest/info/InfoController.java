package dev.engram.ingest.info;

import java.util.List;
import dev.engram.ingest.auth.ApiKeyPrincipal;
import dev.engram.ingest.job.GenerationJobRepository;
import dev.engram.ingest.job.GenerationJobRepository.LaneCount;
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
    Health health() {
        return new Health("ok", RUNTIME);
    }

    @GetMapping("/api/readiness")
    Mono<Readiness> readiness() {
        return schema.migrated().map(ready -> new Readiness(ready ? "ready" : "migrating"));
    }

    @GetMapping("/v1/info")
    Mono<Info> info(ApiKeyPrincipal key) {
        return Mono.zip(schema.migrated(), jobs.countByLaneAndStatus(key.teamId()).collectList())
                .map(both -> new Info("engram", RUNTIME, "api-key", new Info.Postgres(both.getT1()), both.getT2()));
    }

    /** {@code GET /healthz}: the process is up. */
    record Health(String status, String runtime) {
    }

    /** {@code GET /api/readiness}: {@code ready} once the schema is migrated, {@code migrating} before. */
    record Readiness(String status) {
    }

    /**
     * {@code GET /v1/info}: what this server is, and the team's jobs per lane and status.
     *
     * @param queues one entry per lane and status with jobs of the key's team
     */
    record Info(String name, String runtime, String authMode, Postgres postgres, List<LaneCount> queues) {

        /** Whether the schema has been migrated. */
        record Postgres(boolean initialized) {
        }
    }
}
