package dev.engram.ingest.session;

import dev.engram.ingest.api.BodyFields;
import dev.engram.ingest.api.JsonBodies;
import dev.engram.ingest.api.RequestIds;
import dev.engram.ingest.api.TraceContext;
import dev.engram.ingest.auth.ApiKeyPrincipal;
import dev.engram.ingest.config.IngestSettings;
import dev.engram.ingest.job.JobRef;
import dev.engram.ingest.observation.ObservationRepository;
import dev.engram.ingest.project.ProjectAccess;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code /v1/sessions}: start (find-or-create), read, end, the session's observations, and a project's sessions. */
@RestController
class SessionController {

    private final JsonBodies bodies;
    private final SessionService sessions;
    private final JsonMapper mapper;
    private final ObservationRepository observations;
    private final int maxStringLength;
    private final TraceContext traceContext;
    private final SessionRepository repository;
    private final ProjectAccess projects;

    SessionController(JsonBodies bodies, SessionService sessions, JsonMapper mapper, IngestSettings settings,
            ObservationRepository observations, TraceContext traceContext, SessionRepository repository,
            ProjectAccess projects) {
        this.bodies = bodies;
        this.repository = repository;
        this.projects = projects;
        this.traceContext = traceContext;
        this.sessions = sessions;
        this.observations = observations;
        this.mapper = mapper;
        this.maxStringLength = settings.maxStringFieldLength();
    }

    @PostMapping("/v1/sessions/start")
    Mono<ResponseEntity<SessionResponses.One>> start(@RequestBody(required = false) @Nullable String body,
            ApiKeyPrincipal key, ServerWebExchange exchange) {
        NewSession session = parse(bodies.read(body));
        return sessions.start(key, session, RequestIds.of(exchange))
                .map(started -> ResponseEntity.status(started.created() ? HttpStatus.CREATED : HttpStatus.OK)
                        .body(new SessionResponses.One(SessionView.of(started.session(), mapper))));
    }

    @GetMapping("/v1/sessions/{id}")
    Mono<SessionResponses.One> get(@PathVariable String id, ApiKeyPrincipal key) {
        return sessions.find(key, id).map(session -> new SessionResponses.One(SessionView.of(session, mapper)));
    }

    /** An Engram extension: the session's observations and summary, oldest first. */
    @GetMapping("/v1/sessions/{id}/observations")
    Mono<SessionResponses.Observations> observations(@PathVariable String id, ApiKeyPrincipal key) {
        return sessions.find(key, id).flatMap(session -> observations
                .forSession(session.teamId(), session.projectId(), session.id())
                .collectList()
                .map(list -> new SessionResponses.Observations(session.id().toString(), list)));
    }

    /**
     * A page of the project's sessions, newest first (an Engram extension). A project in the path that the key may not
     * read is a 404, whether another team's or, for a project key, a sibling.
     */
    @GetMapping("/v1/projects/{projectId}/sessions")
    Mono<SessionPage.Page> list(@PathVariable String projectId, @RequestParam MultiValueMap<String, String> params,
            ApiKeyPrincipal key) {
        SessionPage.Query query = SessionPage.parse(params);
        return projects.requireReadableInPath(key, projectId)
                .thenMany(Flux.defer(() -> repository.listForProject(key.teamId(), projectId, query)))
                .collectList()
                .map(listed -> page(listed, query, Instant.now()));
    }

    @PostMapping("/v1/sessions/{id}/end")
    Mono<SessionResponses.Ended> end(@PathVariable String id, ApiKeyPrincipal key, ServerWebExchange exchange) {
        return sessions.end(key, id, RequestIds.of(exchange), traceContext.current(exchange))
                .map(ended -> new SessionResponses.Ended(SessionView.of(ended.session(), mapper),
                        JobRef.of(ended.job())));
    }

    private SessionPage.Page page(List<SessionRepository.ListedSession> listed, SessionPage.Query query, Instant now) {
        List<SessionPage.Entry> entries = listed.stream()
                .map(one -> new SessionPage.Entry(SessionView.of(one.session(), mapper), one.eventCount(),
                        one.observationCount(), one.firstPrompt(), duration(one.session(), now)))
                .toList();
        // a page shorter than asked is the last one
        String next = listed.size() < query.limit() ? null
                : SessionPage.Cursor.after(listed.get(listed.size() - 1).session()).wire();
        return new SessionPage.Page(entries, next);
    }

    private static long duration(StoredSession session, Instant now) {
        Instant end = session.endedAt() == null ? now : session.endedAt();
        return Math.max(0, Duration.between(session.startedAt(), end).toMillis());
    }

    private NewSession parse(JsonNode body) {
        BodyFields fields = BodyFields.of(body, List.of(), maxStringLength);
        String projectId = fields.requiredString("projectId");
        String externalSessionId = fields.optionalString("externalSessionId");
        String contentSessionId = fields.optionalString("contentSessionId");
        String agentId = fields.optionalString("agentId");
        String agentType = fields.optionalString("agentType");
        String platformSource = fields.optionalString("platformSource");
        JsonNode metadata = fields.optionalObject("metadata");
        fields.throwIfInvalid();
        return new NewSession(projectId, externalSessionId, contentSessionId, agentId, agentType,
                platformSource == null ? null : platformSource.toLowerCase(Locale.ROOT), metadata);
    }
}
