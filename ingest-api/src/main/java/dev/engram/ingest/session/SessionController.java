package dev.engram.ingest.session;

import dev.engram.ingest.api.BodyFields;
import dev.engram.ingest.api.JsonBodies;
import dev.engram.ingest.api.RequestIds;
import dev.engram.ingest.api.TraceContext;
import dev.engram.ingest.auth.ApiKeyPrincipal;
import dev.engram.ingest.config.IngestSettings;
import dev.engram.ingest.job.JobRef;
import dev.engram.ingest.observation.ObservationRepository;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code /v1/sessions}: start (find-or-create), read, end, and the session's observations. */
@RestController
class SessionController {

    private final JsonBodies bodies;
    private final SessionService sessions;
    private final JsonMapper mapper;
    private final ObservationRepository observations;
    private final int maxStringLength;
    private final TraceContext traceContext;

    SessionController(JsonBodies bodies, SessionService sessions, JsonMapper mapper, IngestSettings settings,
            ObservationRepository observations, TraceContext traceContext) {
        this.bodies = bodies;
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

    @PostMapping("/v1/sessions/{id}/end")
    Mono<SessionResponses.Ended> end(@PathVariable String id, ApiKeyPrincipal key, ServerWebExchange exchange) {
        return sessions.end(key, id, RequestIds.of(exchange), traceContext.current(exchange))
                .map(ended -> new SessionResponses.Ended(SessionView.of(ended.session(), mapper),
                        JobRef.of(ended.job())));
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
