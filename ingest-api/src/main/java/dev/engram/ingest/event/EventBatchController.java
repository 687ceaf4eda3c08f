package dev.engram.ingest.event;

import dev.engram.ingest.api.ApiException;
import dev.engram.ingest.api.JsonBodies;
import dev.engram.ingest.api.RequestIds;
import dev.engram.ingest.api.TraceContext;
import dev.engram.ingest.api.ValidationIssue;
import dev.engram.ingest.auth.ApiKeyPrincipal;
import dev.engram.ingest.config.IngestSettings;
import dev.engram.ingest.job.JobRef;
import dev.engram.ingest.job.JobWaiter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/events/batch}: up to {@code engram.ingest.max-batch-size} events. Every item is
 * validated first (one 400 lists every bad item's index and field), then every project is checked,
 * then all of it is written in one transaction — or nothing is.
 */
@RestController
class EventBatchController {

    private final JsonBodies bodies;
    private final EventRequestParser parser;
    private final EventIngestService ingest;
    private final TraceContext traceContext;
    private final int maxBatchSize;
    private final JobWaiter waiter;
    private final Duration waitTimeout;

    EventBatchController(JsonBodies bodies, EventRequestParser parser, EventIngestService ingest,
            TraceContext traceContext, IngestSettings settings, JobWaiter waiter) {
        this.bodies = bodies;
        this.parser = parser;
        this.ingest = ingest;
        this.traceContext = traceContext;
        this.maxBatchSize = settings.maxBatchSize();
        this.waiter = waiter;
        this.waitTimeout = settings.waitTimeout();
    }

    @PostMapping("/v1/events/batch")
    Mono<ResponseEntity<EventBatchResponse>> post(@RequestBody(required = false) @Nullable String body,
            @RequestParam(required = false) @Nullable String generate,
            @RequestParam(required = false) @Nullable String wait,
            ApiKeyPrincipal key, ServerWebExchange exchange) {
        boolean generateJobs = JsonBodies.flag("generate", generate, true);
        boolean waitForJobs = JsonBodies.flag("wait", wait, false);
        Instant deadline = Instant.now().plus(waitTimeout);
        List<NewEvent> batch = parse(bodies.read(body));
        return ingest.ingestBatch(key, batch, generateJobs, RequestIds.of(exchange), traceContext.current(exchange))
                .flatMapMany(Flux::fromIterable)
                // One shared deadline: the jobs run meanwhile, so later items mostly find theirs done.
                .concatMap(item -> entry(item, waitForJobs, deadline))
                .collectList()
                .map(items -> ResponseEntity.status(HttpStatus.CREATED).body(new EventBatchResponse(items,
                        waitForJobs ? items.stream().anyMatch(i -> Boolean.TRUE.equals(i.waitTimedOut())) : null)));
    }

    private Mono<EventResponse> entry(EventIngestService.IngestedEvent item, boolean waitForJob, Instant deadline) {
        EventView event = EventView.of(item.event());
        if (item.job() == null) {
            return Mono.just(EventResponse.of(event));
        }
        if (!waitForJob) {
            return Mono.just(new EventResponse(event, JobRef.of(item.job()), null));
        }
        return waiter.awaitTerminal(item.job(), deadline).map(waited ->
                new EventResponse(event, JobRef.withAttempts(waited.job()), waited.timedOut()));
    }

    private List<NewEvent> parse(JsonNode body) {
        if (!body.isArray()) {
            throw ApiException.ValidationFailed.of(ValidationIssue.ofBody("Expected a JSON array of events"));
        }
        if (body.isEmpty() || body.size() > maxBatchSize) {
            throw ApiException.ValidationFailed.of(ValidationIssue.ofBody("A batch holds 1 to " + maxBatchSize
                    + " events (engram.ingest.max-batch-size); this one holds " + body.size()));
        }
        List<NewEvent> batch = new ArrayList<>(body.size());
        List<ValidationIssue> issues = new ArrayList<>();
        for (int index = 0; index < body.size(); index++) {
            try {
                batch.add(parser.parse(body.get(index), List.of(index)));
            } catch (ApiException.ValidationFailed invalid) {
                issues.addAll(invalid.issues());
            }
        }
        if (!issues.isEmpty()) {
            throw new ApiException.ValidationFailed(issues);
        }
        return batch;
    }
}
