package dev.engram.ingest.memory;

import dev.engram.ingest.api.ApiException;
import dev.engram.ingest.audit.AuditLog;
import dev.engram.ingest.auth.ApiKeyPrincipal;
import dev.engram.ingest.event.AgentEventRepository;
import dev.engram.ingest.job.GenerationJobRepository;
import dev.engram.ingest.observation.ObservationRepository;
import dev.engram.ingest.observation.StoredMemory;
import dev.engram.ingest.project.ProjectAccess;
import dev.engram.ingest.project.ProjectRepository;
import dev.engram.ingest.session.SessionRepository;
import dev.engram.ingest.session.SessionService;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Writes and forgets memories: stores a manual memory (no generation job), deletes one observation, and
 * purges a project's memory in one transaction. Every operation is scoped to the key's team and, for a
 * project-scoped key, its project, and is audited once it has succeeded.
 */
@Service
class MemoryService {

    private final ProjectAccess projects;
    private final ProjectRepository projectRows;
    private final SessionService sessions;
    private final ObservationRepository observations;
    private final GenerationJobRepository jobs;
    private final AgentEventRepository events;
    private final SessionRepository sessionRows;
    private final AuditLog audit;
    private final TransactionalOperator transactions;

    MemoryService(ProjectAccess projects, ProjectRepository projectRows, SessionService sessions,
            ObservationRepository observations, GenerationJobRepository jobs, AgentEventRepository events,
            SessionRepository sessionRows, AuditLog audit, TransactionalOperator transactions) {
        this.projects = projects;
        this.projectRows = projectRows;
        this.sessions = sessions;
        this.observations = observations;
        this.jobs = jobs;
        this.events = events;
        this.sessionRows = sessionRows;
        this.audit = audit;
        this.transactions = transactions;
    }

    Mono<StoredMemory> write(ApiKeyPrincipal key, NewMemory memory, String requestId) {
        String session = memory.serverSessionId();
        Mono<?> writable = projects.requireWritable(key, memory.projectId());
        if (session != null) {
            writable = writable.then(sessions.requireInProject(key, memory.projectId(), session));
        }
        return writable
                .then(Mono.defer(() -> observations.insertMemory(key.teamId(), memory.projectId(),
                        session == null ? null : UUID.fromString(session), memory.kind(), memory.content(),
                        memory.metadata().toString())))
                .flatMap(stored -> audit.record(key, stored.projectId(), "memory.write", "observation",
                        stored.id().toString(), requestId,
                        JsonNodeFactory.instance.objectNode().put("kind", stored.kind()))
                        .thenReturn(stored));
    }

    /** Deletes the observation; completes empty when the id is malformed, unknown or outside the key's scope. */
    Mono<UUID> delete(ApiKeyPrincipal key, String id, String requestId) {
        UUID observationId = ProjectAccess.parseUuid(id);
        if (observationId == null) {
            return Mono.empty();
        }
        return observations.delete(observationId, key.teamId(), key.projectId())
                .flatMap(projectId -> audit.record(key, projectId, "observation.deleted", "observation",
                        observationId.toString(), requestId, JsonNodeFactory.instance.objectNode())
                        .thenReturn(observationId));
    }

    /**
     * Deletes everything the project remembers, in one transaction. An unknown project, another team's,
     * or (for a project-scoped key) any other project is a 404, so existence does not leak.
     */
    Mono<PurgeCounts> purge(ApiKeyPrincipal key, String projectId, String requestId) {
        if (key.projectId() != null && !key.projectId().equals(projectId)) {
            return Mono.error(new ApiException.NotFound("Project"));
        }
        Mono<PurgeCounts> purge = projectRows.findInTeam(key.teamId(), projectId)
                .switchIfEmpty(Mono.error(() -> new ApiException.NotFound("Project")))
                .then(Mono.defer(() -> deleteProject(key.teamId(), projectId)));
        return transactions.transactional(purge)
                .flatMap(counts -> audit.record(key, projectId, "project.memory_purged", "project", projectId,
                        requestId, counts.details()).thenReturn(counts));
    }

    /** Every table's rows of the project, children before parents, each through its table's owner. */
    private Mono<PurgeCounts> deleteProject(String teamId, String projectId) {
        return observations.deleteProject(teamId, projectId).flatMap(observed ->
                jobs.deleteProject(teamId, projectId).flatMap(queued ->
                events.deleteProject(teamId, projectId).flatMap(eventCount ->
                sessionRows.deleteProject(teamId, projectId).map(sessionCount ->
                        new PurgeCounts(observed.observations(), observed.observationSources(), eventCount,
                                sessionCount, queued.jobs(), queued.jobEvents(), queued.outbox())))));
    }
}
