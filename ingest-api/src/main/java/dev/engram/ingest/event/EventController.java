package dev.engram.ingest.event;

import dev.engram.ingest.api.ApiException;
import dev.engram.ingest.api.JsonBodies;
import dev.engram.ingest.api.RequestIds;
import dev.engram.ingest.api.TraceContext;
import dev.engram.ingest.auth.ApiKeyPrincipal;
import dev.engram.ingest.config.IngestSettings;
import dev.engram.ingest.job.JobRef;
import dev.engram.ingest.job.JobWaiter;
import dev.engram.ingest.job.StoredJob;
import dev.engram.ingest.observation.ObservationRepository;
import dev.engram.ingest.project.ProjectAccess;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** {@code /v1/events}: ingest one event and read events and their observations back. */
@RestController
class EventController {

    private final JsonBodies bodies;
    private final EventRequestParser parser;
    private final EventIngestService ingest;
    private final AgentEventRepository events;
    private final ObservationRepository observations;
    private final TraceContext traceContext;
    private final JobWaiter waiter;
    private final Duration waitTimeout;

    EventController(JsonBodies bodies, EventRequestParser parser, EventIngestService ingest,
            AgentEventRepository events, ObservationRepository observations, TraceContext traceContext,
            JobWaiter waiter, IngestSettings settings) {
        this.bodies = bodies;
        this.parser = parser;
        this.ingest = ingest;
        this.events = events;
        this.observations = observations;
        this.traceContext = traceContext;
        this.waiter = waiter;
        this.waitTimeout = settings.waitTimeout();
    }

    @PostMapping("/v1/events")
    Mono<ResponseEntity<EventResponse>> post(@RequestBody(required = false) @Nullable String body,
            @RequestParam(required = false) @Nullable String generate,
            @RequestParam(required = false) @Nullable String wait,
            ApiKeyPrincipal key, ServerWebExchange exchange) {
        boolean generateJob = JsonBodies.flag("generate", generate, true);
        boolean waitForJob = JsonBodies.flag("wait", wait, false);
        Instant deadline = Instant.now().plus(waitTimeout);
        NewEvent event = parser.parse(bodies.read(body));
        return ingest.ingest(key, event, generateJob, RequestIds.of(exchange), traceContext.current(exchange))
                .flatMap(ingested -> {
                    EventView view = EventView.of(ingested.event());
                    StoredJob job = ingested.job();
                    if (job == null) {
                        return Mono.just(EventResponse.of(view));
                    }
                    if (!waitForJob) {
                        return Mono.just(new EventResponse(view, JobRef.of(job), null));
                    }
                    return waiter.awaitTerminal(job, deadline).map(waited ->
                            new EventResponse(view, JobRef.withAttempts(waited.job()), waited.timedOut()));
                })
                .map(response -> ResponseEntity.status(HttpStatus.CREATED).body(response));
    }

    @GetMapping("/v1/events/{id}")
    Mono<EventResponse> get(@PathVariable String id, ApiKeyPrincipal key) {
        return find(id, key).map(event -> EventResponse.of(EventView.of(event)));
    }

    @GetMapping("/v1/events/{id}/observations")
    Mono<EventObservations> observations(@PathVariable String id, ApiKeyPrincipal key) {
        return find(id, key).flatMap(event -> observations
                .forEvent(event.teamId(), event.projectId(), event.id().toString())
                .collectList()
                .map(list -> new EventObservations(event.id().toString(), list)));
    }

    private Mono<StoredEvent> find(String id, ApiKeyPrincipal key) {
        UUID eventId = ProjectAccess.parseUuid(id);
        if (eventId == null) {
            return Mono.error(new ApiException.NotFound("Event"));
        }
        return events.findById(eventId, key.teamId(), key.projectId())
                .switchIfEmpty(Mono.error(() -> new ApiException.NotFound("Event")));
    }
}
