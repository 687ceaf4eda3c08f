package dev.engram.ingest.usage;

import dev.engram.ingest.audit.AuditLog;
import dev.engram.ingest.auth.ApiKeyPrincipal;
import dev.engram.ingest.observation.ObservationRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /v1/usage}: what the key's team (a project key: its project) did this calendar month (UTC), as
 * totals per kind: events received, reads (searches, context packs, MCP), memories written and deleted,
 * operator retries and cancels (from the audit trail), and the observations, summaries and memories stored.
 */
@RestController
class UsageController {

    private final AuditLog audit;
    private final ObservationRepository observations;
    private final Clock clock = Clock.systemUTC();

    UsageController(AuditLog audit, ObservationRepository observations) {
        this.audit = audit;
        this.observations = observations;
    }

    @GetMapping("/v1/usage")
    Mono<Usage> usage(ApiKeyPrincipal key) {
        Instant since = LocalDate.now(clock).withDayOfMonth(1).atStartOfDay()
                .toInstant(ZoneOffset.UTC);
        return Mono.zip(audit.countActionsSince(key.teamId(), key.projectId(), since),
                        observations.countKindsSince(key.teamId(), key.projectId(), since))
                .map(found -> {
                    Map<String, AuditLog.ActionCount> actions = found.getT1();
                    Map<String, Long> kinds = found.getT2();
                    Map<String, Long> usage = new LinkedHashMap<>();
                    usage.put("eventsReceived", rows(actions, "event.received") + items(actions, "event.batch_received"));
                    usage.put("reads", rows(actions, "observation.read"));
                    usage.put("memoriesWritten", rows(actions, "memory.write"));
                    usage.put("memoriesDeleted", rows(actions, "observation.deleted"));
                    usage.put("jobRetries", rows(actions, "generation_job.retried_by_operator"));
                    usage.put("jobCancels", rows(actions, "generation_job.cancelled_by_operator"));
                    usage.put("observations", kinds.getOrDefault("observation", 0L));
                    usage.put("summaries", kinds.getOrDefault("summary", 0L));
                    usage.put("memories", kinds.getOrDefault("memory", 0L));
                    return new Usage(since.toString(), usage);
                });
    }

    private static long rows(Map<String, AuditLog.ActionCount> actions, String action) {
        AuditLog.ActionCount count = actions.get(action);
        return count == null ? 0 : count.rows();
    }

    private static long items(Map<String, AuditLog.ActionCount> actions, String action) {
        AuditLog.ActionCount count = actions.get(action);
        return count == null ? 0 : count.items();
    }

    /** {@code {"since": ISO month start, "usage": {kind: total}}}. */
    record Usage(String since, Map<String, Long> usage) {
    }
}
