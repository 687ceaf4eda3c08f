package dev.engram.ingest.compat;

import dev.engram.ingest.api.BodyFields;
import dev.engram.ingest.api.JsonBodies;
import dev.engram.ingest.api.Problem;
import dev.engram.ingest.api.RequestIds;
import dev.engram.ingest.api.TraceContext;
import dev.engram.ingest.auth.ApiKeyPrincipal;
import dev.engram.ingest.config.IngestSettings;
import dev.engram.ingest.event.EventIngestService;
import dev.engram.ingest.event.NewEvent;
import dev.engram.ingest.session.NewSession;
import dev.engram.ingest.session.SessionService;
import dev.engram.ingest.session.StoredSession;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /api/sessions/observations} and {@code POST /api/sessions/summarize}, with claude-mem's
 * response shapes. They need a project-scoped key, because the hook bodies name no project.
 */
@RestController
class LegacyHookController {

    private final JsonBodies bodies;
    private final SessionService sessions;
    private final EventIngestService events;
    private final int maxStringLength;
    private final TraceContext traceContext;

    LegacyHookController(JsonBodies bodies, SessionService sessions, EventIngestService events,
            IngestSettings settings, TraceContext traceContext) {
        this.bodies = bodies;
        this.traceContext = traceContext;
        this.sessions = sessions;
        this.events = events;
        this.maxStringLength = settings.maxStringFieldLength();
    }

    @PostMapping("/api/sessions/observations")
    Mono<ResponseEntity<?>> observation(@RequestBody(required = false) @Nullable String body,
            ApiKeyPrincipal key, ServerWebExchange exchange) {
        String projectId = key.projectId();
        if (projectId == null) {
            return Mono.just(badRequest(exchange));
        }
        BodyFields fields = BodyFields.of(bodies.read(body), List.of(), maxStringLength);
        String contentSessionId = fields.requiredString("contentSessionId");
        String toolName = fields.requiredString("tool_name");
        String toolUseId = fields.optionalString("tool_use_id");
        String platform = platform(fields);
        NewSession session = sessionFor(fields, projectId, contentSessionId, platform);
        fields.throwIfInvalid();
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("tool_name", toolName);
        copy(fields.body(), payload, "tool_input", "tool_response", "cwd", "tool_use_id");
        String requestId = RequestIds.of(exchange);
        return session(key, session, requestId)
                .flatMap(found -> events.ingest(key, toolUse(projectId, found, contentSessionId,
                                platform, toolUseId, payload), true, requestId, traceContext.current(exchange))
                        .map(ingested -> ResponseEntity.ok(new LegacyHookResponses.ObservationQueued("queued", 1,
                                found.id().toString(), found.id().toString(), ingested.event().id().toString(),
                                ingested.job() == null ? null : ingested.job().id(),
                                ingested.job() == null ? "skipped" : ingested.job().transport()))));
    }

    @PostMapping("/api/sessions/summarize")
    Mono<ResponseEntity<?>> summarize(@RequestBody(required = false) @Nullable String body,
            ApiKeyPrincipal key, ServerWebExchange exchange) {
        String projectId = key.projectId();
        if (projectId == null) {
            return Mono.just(badRequest(exchange));
        }
        BodyFields fields = BodyFields.of(bodies.read(body), List.of(), maxStringLength);
        String contentSessionId = fields.requiredString("contentSessionId");
        String agentId = fields.optionalString("agentId");
        String platform = platform(fields);
        JsonNode lastMessage = fields.body().get("last_assistant_message");
        if (lastMessage != null && !lastMessage.isNull() && !lastMessage.isString()) {
            fields.issue("last_assistant_message", "must be a string or null");
        }
        fields.throwIfInvalid();
        if (agentId != null) {
            // A sub-agent's stop hook: its parent session summarises, not this one.
            return Mono.just(ResponseEntity.ok(new LegacyHookResponses.Skipped("skipped", "subagent_context")));
        }
        NewSession session = new NewSession(projectId, contentSessionId, contentSessionId, null, null, platform,
                JsonNodeFactory.instance.objectNode());
        String requestId = RequestIds.of(exchange);
        return session(key, session, requestId)
                .flatMap(found -> recordLastMessage(key, found, lastMessage, requestId)
                        .then(sessions.end(key, found.id().toString(), requestId, traceContext.current(exchange))))
                .map(ended -> ResponseEntity.ok(new LegacyHookResponses.SummaryQueued("queued",
                        ended.session().id().toString(), ended.session().id().toString(), ended.job().id(),
                        ended.job().transport())));
    }

    /**
     * The newest session of the project with the hook's content session id, however it was started;
     * else one is found-or-created with that id as its external id, so concurrent hooks share it.
     */
    private Mono<StoredSession> session(ApiKeyPrincipal key, NewSession session, String requestId) {
        return sessions.findByContentSessionId(key, session.projectId(), session.contentSessionId())
                .switchIfEmpty(Mono.defer(() -> sessions.start(key, session, requestId)
                        .map(SessionService.StartedSession::session)));
    }

    /** Keeps the agent's last message as an event of the session, so the summary can draw on it. */
    private Mono<Void> recordLastMessage(ApiKeyPrincipal key, StoredSession session, @Nullable JsonNode message,
            String requestId) {
        if (message == null || !message.isString() || message.asString().isBlank()) {
            return Mono.empty();
        }
        ObjectNode payload = JsonNodeFactory.instance.objectNode().put("message", message.asString());
        NewEvent event = new NewEvent(session.projectId(), "hook", "assistant_message", Instant.now(), payload,
                session.id().toString(), session.contentSessionId(), null, session.platformSource(), null,
                JsonNodeFactory.instance.objectNode());
        return events.ingest(key, event, false, requestId, null).then();
    }

    private static NewSession sessionFor(BodyFields fields, String projectId, @Nullable String contentSessionId,
            @Nullable String platform) {
        return new NewSession(projectId, contentSessionId, contentSessionId, fields.optionalString("agentId"),
                fields.optionalString("agentType"), platform, JsonNodeFactory.instance.objectNode());
    }

    private static NewEvent toolUse(String projectId, StoredSession session, @Nullable String contentSessionId,
            @Nullable String platform, @Nullable String toolUseId, ObjectNode payload) {
        return new NewEvent(projectId, "hook", "tool_use", Instant.now(), payload, session.id().toString(),
                contentSessionId, null, platform, toolUseId, JsonNodeFactory.instance.objectNode());
    }

    private static @Nullable String platform(BodyFields fields) {
        String platform = fields.optionalString("platformSource");
        return platform == null ? null : platform.toLowerCase(Locale.ROOT);
    }

    private static void copy(JsonNode from, ObjectNode to, String... names) {
        for (String name : names) {
            JsonNode value = from.get(name);
            if (value != null && !value.isNull()) {
                to.set(name, value);
            }
        }
    }

    private static ResponseEntity<?> badRequest(ServerWebExchange exchange) {
        Problem body = Problem.of(HttpStatus.BAD_REQUEST, "bad-request", "BadRequest",
                "The legacy hook routes need a project-scoped API key", exchange.getRequest().getPath().value(),
                RequestIds.of(exchange));
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }

}
