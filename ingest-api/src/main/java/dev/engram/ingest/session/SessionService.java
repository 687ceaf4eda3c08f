package dev.engram.ingest.session;

import dev.engram.core.job.JobPayload;
import dev.engram.ingest.api.ApiException;
import dev.engram.ingest.audit.AuditLog;
import dev.engram.ingest.auth.ApiKeyPrincipal;
import dev.engram.ingest.job.GenerationJobRepository;
import dev.engram.ingest.job.StoredJob;
import dev.engram.ingest.project.ProjectAccess;
import dev.engram.ingest.relay.OutboxWakeup;
import dev.engram.ingest.cache.LookupCache;
import dev.engram.ingest.config.IngestSettings;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The session lifecycle: find-or-create on start (a concurrent start with the same external id finds
 * the row the other one wrote), scoped reads, and end, which sets the end time once and enqueues the
 * session's summary job in the same transaction.
 */
@Service
public class SessionService {

    private final ProjectAccess projects;
    private final SessionRepository sessions;
    private final GenerationJobRepository jobs;
    private final AuditLog audit;
    private final TransactionalOperator transactions;
    private final LookupCache<List<Object>, Boolean> inProject;
    private final OutboxWakeup outbox;

    SessionService(ProjectAccess projects, SessionRepository sessions, GenerationJobRepository jobs,
            AuditLog audit, TransactionalOperator transactions, IngestSettings settings, OutboxWakeup outbox) {
        this.projects = projects;
        this.sessions = sessions;
        this.jobs = jobs;
        this.audit = audit;
        this.transactions = transactions;
        this.inProject = new LookupCache<>(settings.lookupCacheTtl(), 100_000);
        this.outbox = outbox;
    }

    /** Finds or creates the session; {@code created} says which. */
    public Mono<StartedSession> start(ApiKeyPrincipal key, NewSession session, String requestId) {
        Mono<StartedSession> write = sessions.insertIfAbsent(key.teamId(), session)
                .map(created -> new StartedSession(created, true))
                .switchIfEmpty(Mono.defer(() -> sessions.findByExternalId(key.teamId(), session)
                        .map(existing -> new StartedSession(existing, false))));
        return projects.requireWritable(key, session.projectId())
                .then(write)
                .flatMap(started -> started.created()
                        ? audit.record(key, session.projectId(), "session.write", "session",
                                started.session().id().toString(), requestId, details("start"))
                                .thenReturn(started)
                        : Mono.just(started));
    }

    /**
     * Completes when the session named in a request body belongs to the project (which the caller has
     * checked is the key's); else 403, as for a foreign project. A session stays in its project, so a yes is
     * trusted for {@code engram.ingest.lookup-cache-ttl}; a no is asked again.
     */
    public Mono<Void> requireInProject(ApiKeyPrincipal key, String projectId, String serverSessionId) {
        UUID session = ProjectAccess.parseUuid(serverSessionId);
        if (session == null) {
            return Mono.error(new ApiException.Forbidden(ProjectAccess.REFUSAL));
        }
        return inProject.get(List.of(session, key.teamId(), projectId),
                        scope -> sessions.existsInProject(session, key.teamId(), projectId).filter(exists -> exists))
                .defaultIfEmpty(false)
                .flatMap(exists -> exists ? Mono.<Void>empty()
                        : Mono.<Void>error(new ApiException.Forbidden(ProjectAccess.REFUSAL)));
    }

    public Mono<StoredSession> find(ApiKeyPrincipal key, String id) {
        UUID sessionId = ProjectAccess.parseUuid(id);
        if (sessionId == null) {
            return Mono.error(new ApiException.NotFound("Session"));
        }
        return sessions.findById(sessionId, key.teamId(), key.projectId())
                .switchIfEmpty(Mono.error(() -> new ApiException.NotFound("Session")));
    }

    /** The newest session of a project with this agent-side id, if any. */
    public Mono<StoredSession> findByContentSessionId(ApiKeyPrincipal key, String projectId, String contentSessionId) {
        return sessions.findByContentSessionId(key.teamId(), projectId, contentSessionId);
    }

    /**
     * Ends the session and enqueues its summary job, in one transaction; ending again changes nothing and
     * returns the same session and job.
     */
    public Mono<EndedSession> end(ApiKeyPrincipal key, String id, String requestId, @Nullable String traceparent) {
        Mono<EndedSession> write = find(key, id)
                .flatMap(session -> sessions.endIfOpen(session.id(), key.teamId(), key.projectId())
                        .defaultIfEmpty(session))
                .flatMap(session -> enqueueSummary(key, session, requestId, traceparent)
                        .map(job -> new EndedSession(session, job)));
        return transactions.transactional(write)
                .doOnNext(ended -> outbox.rowsCommitted())
                .flatMap(ended -> audit.record(key, ended.session().projectId(), "session.end", "session",
                        ended.session().id().toString(), requestId, details("end")).thenReturn(ended));
    }

    private Mono<StoredJob> enqueueSummary(ApiKeyPrincipal key, StoredSession session, String requestId,
            @Nullable String traceparent) {
        JobPayload payload = JobPayload.forSummary(session.teamId(), session.projectId(), session.id().toString(),
                key.keyId(), key.actorId(), requestId);
        return jobs.enqueue(payload, traceparent, null);
    }

    private static ObjectNode details(String operation) {
        return JsonNodeFactory.instance.objectNode().put("operation", operation);
    }

    /** A session returned by start, and whether this call created it. */
    public record StartedSession(StoredSession session, boolean created) {
    }

    /** An ended session and its summary job. */
    public record EndedSession(StoredSession session, StoredJob job) {
    }
}
