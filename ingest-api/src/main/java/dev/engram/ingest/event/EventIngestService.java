package dev.engram.ingest.event;

import dev.engram.core.job.DebounceWindow;
import dev.engram.core.job.GenerationPolicy;
import dev.engram.core.job.JobPayload;
import dev.engram.ingest.audit.AuditLog;
import dev.engram.ingest.auth.ApiKeyPrincipal;
import dev.engram.ingest.job.GenerationJobRepository;
import dev.engram.ingest.job.StoredJob;
import dev.engram.core.settings.GenerationSettings;
import dev.engram.ingest.project.ProjectAccess;
import dev.engram.ingest.project.WritableProject;
import dev.engram.ingest.session.SessionService;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Ingests agent events: each event row, its generation job row, the job's {@code queued} history row,
 * its outbox row and the request's audit row are written in ONE transaction. Which job an event gets follows the project's
 * generation policy: its own ({@code per-event}), its session window's ({@code debounce}) or none
 * ({@code end-of-session}: the session's summary covers it). A repeat of the same event finds the
 * existing rows and writes nothing new, so a client may retry freely.
 */
@Service
public class EventIngestService {

    private final ProjectAccess projects;
    private final AgentEventRepository events;
    private final GenerationJobRepository jobs;
    private final AuditLog audit;
    private final TransactionalOperator transactions;
    private final SessionService sessions;
    private final GenerationSettings policySettings;

    EventIngestService(ProjectAccess projects, SessionService sessions, AgentEventRepository events,
            GenerationJobRepository jobs, AuditLog audit, TransactionalOperator transactions,
            GenerationSettings policySettings) {
        this.projects = projects;
        this.sessions = sessions;
        this.events = events;
        this.jobs = jobs;
        this.audit = audit;
        this.transactions = transactions;
        this.policySettings = policySettings;
    }

    public Mono<IngestedEvent> ingest(ApiKeyPrincipal key, NewEvent event, boolean generate, String requestId,
            @Nullable String traceparent) {
        return requireWritable(key, event.projectId(), event.serverSessionId())
                .flatMap(project -> transactions.transactional(
                        write(key, event, generate, policyOf(project), requestId, traceparent)
                                .flatMap(ingested -> audit.append(key, event.projectId(), "event.received",
                                        "agent_event", ingested.event().id().toString(), requestId,
                                        details(ingested)).thenReturn(ingested))));
    }

    /**
     * Ingests a batch: every project and session is checked against the key before anything is written,
     * then all events, jobs and outbox rows are written in one transaction, in request order.
     */
    Mono<List<IngestedEvent>> ingestBatch(ApiKeyPrincipal key, List<NewEvent> batch, boolean generate,
            String requestId, @Nullable String traceparent) {
        Set<List<String>> scopes = new LinkedHashSet<>();
        batch.forEach(event -> scopes.add(Arrays.asList(event.projectId(), event.serverSessionId())));
        Mono<Map<String, GenerationPolicy>> checks = Flux.fromIterable(scopes)
                .concatMap(scope -> requireWritable(key, scope.get(0), scope.get(1)))
                .collectMap(WritableProject::projectId, this::policyOf);
        return checks.flatMap(policies -> transactions.transactional(Flux.fromIterable(batch)
                .concatMap(event -> write(key, event, generate, policies.get(event.projectId()), requestId,
                        traceparent))
                .collectList()
                .flatMap(ingested -> audit.append(key, null, "event.batch_received", "agent_event_batch",
                        requestId, requestId, JsonNodeFactory.instance.objectNode().put("count", ingested.size()))
                        .thenReturn(ingested))));
    }

    /** The project, when the key may write to it and, when one is named, to the session in it; else 403. */
    private Mono<WritableProject> requireWritable(ApiKeyPrincipal key, String projectId,
            @Nullable String serverSessionId) {
        Mono<WritableProject> project = projects.requireWritable(key, projectId);
        return serverSessionId == null ? project
                : project.flatMap(writable -> sessions.requireInProject(key, projectId, serverSessionId)
                        .thenReturn(writable));
    }

    private Mono<IngestedEvent> write(ApiKeyPrincipal key, NewEvent received, boolean generate,
            GenerationPolicy policy, String requestId, @Nullable String traceparent) {
        // Every path comes through here: private spans go before anything is hashed, stored or enqueued.
        NewEvent event = received.withoutPrivateContent();
        return storeEvent(key, event).flatMap(stored -> {
            if (!generate) {
                return Mono.just(new IngestedEvent(stored, null));
            }
            // Outside a session neither a window nor a session end would ever cover the event.
            GenerationPolicy effective = stored.serverSessionId() == null ? GenerationPolicy.PER_EVENT : policy;
            return switch (effective) {
                case PER_EVENT -> enqueue(key, stored, requestId, traceparent)
                        .map(job -> new IngestedEvent(stored, job));
                case DEBOUNCE -> enqueueWindow(key, stored, requestId, traceparent)
                        .map(job -> new IngestedEvent(stored, job));
                case END_OF_SESSION -> Mono.just(new IngestedEvent(stored, null));
            };
        });
    }

    /**
     * Creates (or finds) the job of the debounce window the event was received in. Its outbox row is
     * published only once the window has closed, so the job sees every event of the window.
     */
    private Mono<StoredJob> enqueueWindow(ApiKeyPrincipal key, StoredEvent event, String requestId,
            @Nullable String traceparent) {
        DebounceWindow window = DebounceWindow.containing(String.valueOf(event.serverSessionId()),
                event.receivedAt(), policySettings.debounceWindow());
        JobPayload payload = JobPayload.forEventBatch(event.teamId(), event.projectId(), window, key.keyId(),
                key.actorId(), requestId);
        return jobs.enqueue(payload, traceparent, window.end().plus(policySettings.debounceGrace()));
    }

    private GenerationPolicy policyOf(WritableProject project) {
        return project.policyOr(policySettings.defaultPolicy());
    }

    private Mono<StoredEvent> storeEvent(ApiKeyPrincipal key, NewEvent event) {
        String idempotencyKey = EventIdempotencyKey.of(key.teamId(), event);
        return events.insertIfAbsent(UUID.randomUUID(), key.teamId(), event, idempotencyKey, Instant.now())
                .switchIfEmpty(Mono.defer(() ->
                        events.findByIdempotencyKey(key.teamId(), event.projectId(), idempotencyKey)));
    }

    /** Creates the event's job with its history row and outbox row, or returns the existing job. */
    private Mono<StoredJob> enqueue(ApiKeyPrincipal key, StoredEvent event, String requestId,
            @Nullable String traceparent) {
        JobPayload payload = JobPayload.forEvent(event.teamId(), event.projectId(), event.id().toString(),
                event.serverSessionId() == null ? null : event.serverSessionId().toString(), key.keyId(),
                key.actorId(), event.sourceAdapter(), requestId);
        return jobs.enqueue(payload, traceparent, null);
    }

    private static ObjectNode details(IngestedEvent ingested) {
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        details.put("eventType", ingested.event().eventType());
        if (ingested.job() != null) {
            details.put("generationJobId", ingested.job().id());
        }
        return details;
    }

    /** The stored event and, when generation was asked for, its job. */
    public record IngestedEvent(StoredEvent event, @Nullable StoredJob job) {
    }
}
