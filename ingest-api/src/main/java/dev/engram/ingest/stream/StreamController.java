package dev.engram.ingest.stream;

import dev.engram.ingest.api.ApiException;
import dev.engram.ingest.api.RequestIds;
import dev.engram.ingest.api.ValidationIssue;
import dev.engram.ingest.audit.ReadAudit;
import dev.engram.ingest.auth.ApiKeyPrincipal;
import dev.engram.ingest.observation.GeneratedObservation;
import dev.engram.ingest.observation.ObservationFilter;
import dev.engram.ingest.observation.ObservationRepository;
import dev.engram.ingest.project.ProjectAccess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;

/**
 * {@code GET /v1/stream?projectId=}: the project's observations, summaries and memories as server-sent events, as
 * they are written (an Engram extension; the viewer's live view). The stream opens with {@code ready}, then the
 * project's {@code engram.stream.backlog} newest rows, oldest first, then each new row once; each row is an
 * {@code observation} event (a {@code summary} event for a session summary) whose data is the row as a session's
 * observations are answered and whose id is the row's. A comment every {@code engram.stream.heartbeat} keeps an
 * idle stream alive. The key needs {@code memories:read}, and the project must be readable by it, as for search.
 * Opening a stream is audited as a read ({@code observation.read}, {@code via: "stream"}) with the backlog's ids,
 * off the request path; the rows that come live after it are not audited one by one.
 */
@RestController
class StreamController {

    private final ProjectAccess projects;
    private final ObservationRepository observations;
    private final ObservationFeed feed;
    private final StreamSettings settings;
    private final ReadAudit audit;

    StreamController(ProjectAccess projects, ObservationRepository observations, ObservationFeed feed,
            StreamSettings settings, ReadAudit audit) {
        this.audit = audit;
        this.projects = projects;
        this.observations = observations;
        this.feed = feed;
        this.settings = settings;
    }

    @GetMapping(path = "/v1/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<Object>> stream(@RequestParam(required = false) @Nullable String projectId,
            ApiKeyPrincipal key, ServerWebExchange exchange) {
        String project = projectId == null || projectId.isBlank() ? key.projectId() : projectId;
        if (project == null) {
            return Flux.error(ApiException.ValidationFailed.of(ValidationIssue.at("projectId", "is required")));
        }
        return projects.requireReadable(key, project).flatMapMany(readable -> {
            ServerSentEvent<Object> ready = ServerSentEvent.<Object>builder()
                    .event("ready")
                    .data(Map.of("projectId", project, "pollIntervalMs", settings.pollInterval().toMillis()))
                    .build();
            Flux<ServerSentEvent<Object>> rows = rows(key, project, RequestIds.of(exchange))
                    .map(StreamController::event);
            return Flux.concat(Flux.just(ready), Flux.merge(rows, heartbeats(settings.heartbeat())))
                    .takeUntilOther(feed.closing());
        });
    }

    /**
     * A comment every {@code every}. A heartbeat due while the client reads nothing is dropped: without that, once the
     * merge's queue was full the interval failed ("Could not emit tick ... due to lack of requests") and ended the
     * stream of a client that had only stalled for a while.
     */
    static Flux<ServerSentEvent<Object>> heartbeats(Duration every) {
        return Flux.interval(every)
                .onBackpressureDrop()
                .map(tick -> ServerSentEvent.<Object>builder().comment("keep-alive").build());
    }

    /**
     * The backlog, oldest first, then each live row not in it. Both are subscribed at once (the live rows that come
     * while the backlog is read wait behind it), so nothing written in between is missed.
     */
    private Flux<GeneratedObservation> rows(ApiKeyPrincipal key, String projectId, String requestId) {
        String teamId = key.teamId();
        Flux<Row> backlog = observations.recent(ObservationFilter.of(teamId, projectId, settings.backlog()))
                .collectList()
                .doOnNext(newest -> audit.read(key, projectId, requestId, "stream", "recent", "",
                        newest.stream().map(row -> row.observation().id()).toList()))
                .flatMapIterable(StreamController::reversed)
                .map(row -> new Row(row, true));
        Flux<Row> live = feed.live(teamId, projectId).map(row -> new Row(row, false));
        Set<String> fromBacklog = new HashSet<>();
        // mergeSequential emits every backlog row before any live one, one at a time: the set needs no lock
        return Flux.mergeSequential(backlog, live)
                .filter(row -> row.backlog() ? fromBacklog.add(row.id()) : !fromBacklog.contains(row.id()))
                .map(Row::row);
    }

    /** A row, and whether it came from the backlog. */
    private record Row(GeneratedObservation row, boolean backlog) {

        String id() {
            return row.observation().id();
        }
    }

    private static ServerSentEvent<Object> event(GeneratedObservation row) {
        String name = "summary".equals(row.observation().kind()) ? "summary" : "observation";
        return ServerSentEvent.<Object>builder().id(row.observation().id()).event(name).data(row).build();
    }

    private static List<GeneratedObservation> reversed(List<GeneratedObservation> newestFirst) {
        List<GeneratedObservation> oldestFirst = new ArrayList<>(newestFirst);
        Collections.reverse(oldestFirst);
        return oldestFirst;
    }
}
