package dev.engram.ingest.event;

import dev.engram.core.id.TimeOrderedIds;
import dev.engram.core.job.DebounceWindow;
import dev.engram.core.job.GenerationPolicy;
import dev.engram.core.job.JobPayload;
import dev.engram.core.settings.GenerationSettings;
import dev.engram.ingest.audit.AuditLog;
import dev.engram.ingest.event.AgentEventRepository.KeyedEvent;
import dev.engram.ingest.event.EventIngestService.IngestedEvent;
import dev.engram.ingest.job.GenerationJobRepository;
import dev.engram.ingest.job.GenerationJobRepository.JobToEnqueue;
import dev.engram.ingest.job.StoredJob;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the events of many requests with one statement per table, inside the caller's transaction:
 * the events (repeats find their stored row), then their generation jobs with history and outbox rows,
 * then the audit rows — three statements however many requests and events there are. Which job an event
 * gets follows its project's generation policy: its own ({@code per-event}), its session window's
 * ({@code debounce}) or none ({@code end-of-session}: the session's summary covers it).
 */
@Component
class EventWriter {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final AgentEventRepository events;
    private final GenerationJobRepository jobs;
    private final AuditLog audit;
    private final GenerationSettings generation;

    EventWriter(AgentEventRepository events, GenerationJobRepository jobs, AuditLog audit,
            GenerationSettings generation) {
        this.events = events;
        this.jobs = jobs;
        this.audit = audit;
        this.generation = generation;
    }

    /** Writes every request's events; the answer holds each request's results, in request and event order. */
    Mono<List<List<IngestedEvent>>> write(List<IngestRequest> requests) {
        Instant receivedAt = Instant.now();
        // Every event is named by its tenant and idempotency key; two with the same name (a repeat inside
        // one commit) are written once and both answered with the stored row.
        List<List<String>> names = new ArrayList<>(requests.size());
        Map<String, ObjectNode> rows = new LinkedHashMap<>();
        for (IngestRequest request : requests) {
            List<String> requestNames = new ArrayList<>(request.size());
            for (NewEvent received : request.events()) {
                // Every path comes through here: private spans go before anything is hashed, stored or enqueued.
                NewEvent event = received.withoutPrivateContent();
                String teamId = request.key().teamId();
                String idempotencyKey = EventIdempotencyKey.of(teamId, event);
                String name = name(teamId, event.projectId(), idempotencyKey);
                requestNames.add(name);
                rows.computeIfAbsent(name, unused -> row(teamId, event, idempotencyKey, receivedAt, rows.size()));
            }
            names.add(requestNames);
        }
        ArrayNode eventRows = JSON.arrayNode().addAll(rows.values());
        return events.insertAllIfAbsent(eventRows)
                .collectMap(keyed -> name(keyed.event().teamId(), keyed.event().projectId(), keyed.idempotencyKey()),
                        KeyedEvent::event)
                .flatMap(stored -> stored.size() == rows.size() ? Mono.just(stored) : withRepeats(rows, stored))
                .flatMap(stored -> withJobs(requests, names, stored))
                .flatMap(results -> audit.appendAll(auditEntries(requests, results)).thenReturn(results));
    }

    /** The events of {@code rows} that were stored before, added to those just inserted. */
    private Mono<Map<String, StoredEvent>> withRepeats(Map<String, ObjectNode> rows, Map<String, StoredEvent> inserted) {
        ArrayNode keys = JSON.arrayNode();
        rows.forEach((name, row) -> {
            if (!inserted.containsKey(name)) {
                keys.addObject().put("team", row.get("team").asString()).put("project", row.get("project").asString())
                        .put("key", row.get("idempotency_key").asString());
            }
        });
        return events.findByIdempotencyKeys(keys).collectList().map(found -> {
            Map<String, StoredEvent> all = new LinkedHashMap<>(inserted);
            found.forEach(keyed -> all.put(
                    name(keyed.event().teamId(), keyed.event().projectId(), keyed.idempotencyKey()), keyed.event()));
            if (all.size() != rows.size()) {
                // Only a purge between the conflict and the read can do this; the whole commit is retried.
                throw new IllegalStateException("an event's stored row vanished while it was being written");
            }
            return all;
        });
    }

    private Mono<List<List<IngestedEvent>>> withJobs(List<IngestRequest> requests, List<List<String>> names,
            Map<String, StoredEvent> stored) {
        List<List<@Nullable String>> jobIds = new ArrayList<>(requests.size());
        Map<String, JobToEnqueue> wanted = new LinkedHashMap<>();
        for (int r = 0; r < requests.size(); r++) {
            IngestRequest request = requests.get(r);
            List<@Nullable String> requestJobs = new ArrayList<>(request.size());
            for (String name : names.get(r)) {
                JobToEnqueue job = request.generate() ? jobFor(request, stored.get(name)) : null;
                if (job != null) {
                    wanted.putIfAbsent(job.payload().generationJobId(), job);
                }
                requestJobs.add(job == null ? null : job.payload().generationJobId());
            }
            jobIds.add(requestJobs);
        }
        return jobs.enqueueAll(List.copyOf(wanted.values())).map(byId -> {
            List<List<IngestedEvent>> results = new ArrayList<>(requests.size());
            for (int r = 0; r < requests.size(); r++) {
                List<IngestedEvent> requestResults = new ArrayList<>();
                for (int i = 0; i < names.get(r).size(); i++) {
                    String jobId = jobIds.get(r).get(i);
                    StoredJob job = jobId == null ? null : byId.get(jobId);
                    if (jobId != null && job == null) {
                        throw new IllegalStateException("job " + jobId + " was neither created nor found");
                    }
                    requestResults.add(new IngestedEvent(stored.get(names.get(r).get(i)), job));
                }
                results.add(requestResults);
            }
            return results;
        });
    }

    /** The job the event belongs to under its project's policy, or null when the session's summary covers it. */
    private @Nullable JobToEnqueue jobFor(IngestRequest request, StoredEvent event) {
        // Outside a session neither a window nor a session end would ever cover the event.
        GenerationPolicy policy = event.serverSessionId() == null ? GenerationPolicy.PER_EVENT
                : request.policies().get(event.projectId());
        return switch (policy) {
            case PER_EVENT -> new JobToEnqueue(JobPayload.forEvent(event.teamId(), event.projectId(),
                    event.id().toString(), event.serverSessionId() == null ? null : event.serverSessionId().toString(),
                    request.key().keyId(), request.key().actorId(), event.sourceAdapter(), request.requestId()),
                    request.traceparent(), null);
            case DEBOUNCE -> {
                // Its outbox row is published only once the window has closed, so the job sees every event of it.
                DebounceWindow window = DebounceWindow.containing(String.valueOf(event.serverSessionId()),
                        event.receivedAt(), generation.debounceWindow());
                yield new JobToEnqueue(JobPayload.forEventBatch(event.teamId(), event.projectId(), window,
                        request.key().keyId(), request.key().actorId(), request.requestId()),
                        request.traceparent(), window.end().plus(generation.debounceGrace()));
            }
            case END_OF_SESSION -> null;
        };
    }

    private static List<AuditLog.Entry> auditEntries(List<IngestRequest> requests,
            List<List<IngestedEvent>> results) {
        List<AuditLog.Entry> entries = new ArrayList<>();
        for (int r = 0; r < requests.size(); r++) {
            IngestRequest request = requests.get(r);
            if (request.batch()) {
                entries.add(new AuditLog.Entry(request.key(), null, "event.batch_received", "agent_event_batch",
                        request.requestId(), request.requestId(), JSON.objectNode().put("count", request.size())));
                continue;
            }
            for (IngestedEvent ingested : results.get(r)) {
                ObjectNode details = JSON.objectNode().put("eventType", ingested.event().eventType());
                if (ingested.job() != null) {
                    details.put("generationJobId", ingested.job().id());
                }
                entries.add(new AuditLog.Entry(request.key(), ingested.event().projectId(), "event.received",
                        "agent_event", ingested.event().id().toString(), request.requestId(), details));
            }
        }
        return entries;
    }

    private static ObjectNode row(String teamId, NewEvent event, String idempotencyKey, Instant receivedAt, int ord) {
        ObjectNode row = JSON.objectNode()
                .put("id", TimeOrderedIds.next().toString())
                .put("team", teamId)
                .put("project", event.projectId())
                .put("server_session", event.serverSessionId())
                .put("content_session", event.contentSessionId())
                .put("memory_session", event.memorySessionId())
                .put("source_adapter", event.sourceType())
                .put("source_event_id", event.sourceEventId())
                .put("event_type", event.eventType())
                .put("platform", event.platformSource())
                .put("idempotency_key", idempotencyKey)
                .put("occurred_at", event.occurredAt().toString())
                .put("received_at", receivedAt.toString())
                .put("ord", ord);
        row.set("payload", event.payload());
        row.set("metadata", event.metadata());
        return row;
    }

    private static String name(String teamId, String projectId, String idempotencyKey) {
        return teamId + '\n' + projectId + '\n' + idempotencyKey;
    }
}
