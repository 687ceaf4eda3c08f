package dev.engram.ingest.info;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.engram.core.key.Scope;
import dev.engram.core.lane.Lane;
import dev.engram.ingest.auth.ApiKeyPrincipal;
import dev.engram.ingest.health.PipelineProgress;
import dev.engram.ingest.job.GenerationJobRepository;
import dev.engram.ingest.job.GenerationJobRepository.LaneBacklog;
import dev.engram.ingest.job.GenerationJobRepository.LaneCount;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code /healthz}, {@code /api/readiness} and {@code /v1/info}. */
@RestController
class InfoController {

    private static final String RUNTIME = "engram";
    private final SchemaStatus schema;
    private final GenerationJobRepository jobs;

    private final PipelineProgress progress;

    InfoController(SchemaStatus schema, GenerationJobRepository jobs, PipelineProgress progress) {
        this.schema = schema;
        this.jobs = jobs;
        this.progress = progress;
    }

    @GetMapping("/healthz")
    Health health() {
        return new Health("ok", RUNTIME);
    }

    @GetMapping("/api/readiness")
    Mono<Readiness> readiness() {
        return schema.migrated().map(ready -> new Readiness(ready ? "ready" : "migrating"));
    }

    /**
     * The team's jobs per lane and status, per lane how many of its jobs are ready to run and the longest wait, and
     * what the key itself may do; an admin key also sees each lane's consumer lag and the outbox backlog, which
     * count every team's records.
     */
    @GetMapping("/v1/info")
    Mono<Info> info(ApiKeyPrincipal key) {
        boolean admin = key.allows(Scope.ADMIN);
        return Mono.zip(schema.migrated(), jobs.countByLaneAndStatus(key.teamId()).collectList(),
                        jobs.readyJobsByLane(key.teamId(), null).collectList(), progress.reading())
                .map(all -> {
                    Map<String, LaneBacklog> ready = new HashMap<>();
                    all.getT3().forEach(backlog -> ready.put(backlog.lane(), backlog));
                    PipelineProgress.Reading reading = all.getT4();
                    List<Info.LaneProgress> lanes = new ArrayList<>();
                    for (Lane lane : Lane.values()) {
                        LaneBacklog backlog = ready.get(lane.wireName());
                        Long lag = admin && reading.lag() != null ? reading.lag().get(lane) : null;
                        lanes.add(new Info.LaneProgress(lane.wireName(), backlog == null ? 0 : backlog.count(),
                                reading.age(backlog).toSeconds(), lag));
                    }
                    return new Info("engram", RUNTIME, "api-key", new Info.Postgres(all.getT1()), all.getT2(), lanes,
                            Info.Key.of(key), admin ? Info.Outbox.of(reading) : null);
                });
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
     * @param lanes per lane, the team's jobs ready to run, the longest wait, and (admin keys) the consumer lag
     * @param key the key that asked: its id, team, project (null for a team key) and scopes
     * @param outbox (admin keys only) the due outbox rows the relay has not published, over every team
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Info(String name, String runtime, String authMode, Postgres postgres, List<LaneCount> queues,
            List<LaneProgress> lanes, Key key, @Nullable Outbox outbox) {

        /** The asking key, so a client (the viewer) knows which views it may offer. */
        record Key(String id, String teamId, @Nullable String projectId, List<String> scopes, boolean admin) {

            static Key of(ApiKeyPrincipal key) {
                return new Key(key.keyId(), key.teamId(), key.projectId(), key.scopes(), key.allows(Scope.ADMIN));
            }
        }

        /** The outbox backlog: due rows not published yet, and how long the oldest of them has waited. */
        record Outbox(long unpublished, long oldestSeconds) {

            static Outbox of(PipelineProgress.Reading reading) {
                long unpublished = 0;
                long oldest = 0;
                for (LaneBacklog backlog : reading.outbox().values()) {
                    unpublished += backlog.count();
                    oldest = Math.max(oldest, reading.age(backlog).toSeconds());
                }
                return new Outbox(unpublished, oldest);
            }
        }

        /** Whether the schema has been migrated. */
        record Postgres(boolean initialized) {
        }

        /** One lane's figures; {@code consumerLag} is absent for a key without the admin scope. */
        @JsonInclude(JsonInclude.Include.NON_NULL)
        record LaneProgress(String lane, long ready, long oldestReadySeconds, @Nullable Long consumerLag) {
        }
    }
}
