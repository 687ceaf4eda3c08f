package dev.engram.ingest.event;

import dev.engram.ingest.auth.ApiKeyPrincipal;
import dev.engram.ingest.session.SessionService;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /v1/sessions/{id}/events}: a session's events in the order they occurred, each with the ids of the
 * observations made from it (an Engram extension; with {@code /v1/sessions/{id}/observations} it is the viewer's
 * session timeline). Another team's session, or a sibling project's for a project key, is a 404.
 */
@RestController
class SessionEventsController {

    /** The most events one answer holds; a longer session says {@code truncated}. */
    static final int MAX_EVENTS = 1000;

    private final SessionService sessions;
    private final AgentEventRepository events;

    SessionEventsController(SessionService sessions, AgentEventRepository events) {
        this.sessions = sessions;
        this.events = events;
    }

    @GetMapping("/v1/sessions/{id}/events")
    Mono<SessionEvents> events(@PathVariable String id, ApiKeyPrincipal key) {
        return sessions.find(key, id).flatMap(session -> events
                .forSession(session.teamId(), session.projectId(), session.id(), MAX_EVENTS + 1)
                .map(event -> new TimelineEvent(EventView.of(event.event()), event.observationIds()))
                .collectList()
                .map(list -> new SessionEvents(session.id().toString(),
                        list.size() > MAX_EVENTS ? list.subList(0, MAX_EVENTS) : list, list.size() > MAX_EVENTS)));
    }

    /** {@code {"sessionId", "events": [...], "truncated"}}, oldest first; at most {@value #MAX_EVENTS} events. */
    record SessionEvents(String sessionId, List<TimelineEvent> events, boolean truncated) {
    }

    /** An event with the ids of the observations made from it. */
    record TimelineEvent(EventView event, List<String> observationIds) {
    }
}
