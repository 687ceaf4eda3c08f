package dev.engram.ingest.memory;

import dev.engram.ingest.api.ApiException;
import dev.engram.ingest.audit.AuditLog;
import dev.engram.ingest.auth.ApiKeyPrincipal;
import dev.engram.ingest.project.ProjectAccess;
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
    private final MemoryRepository memories;
    private final ProjectMemoryRepository projectMemory;
    private final AuditLog audit;
    private final TransactionalOperator transactions;

    MemoryService(ProjectAccess projects, MemoryRepository memories, ProjectMemoryRepository projectMemory,
            AuditLog audit, TransactionalOperator transactions) {
        this.projects = projects;
        this.memories = memories;
        this.projectMemory = projectMemory;
        this.audit = audit;
        this.transactions = transactions;
    }

    Mono<StoredMemory> write(ApiKeyPrincipal key, NewMemory memory, String requestId) {
        String session = memory.serverSessionId();
        return projects.requireWritable(key, memory.projectId(), session)
                .then(Mono.defer(() -> memories.insert(key.teamId(), memory,
                        session == null ? null : UUID.fromString(session))))
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
        return memories.delete(observationId, key.teamId(), key.projectId())
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
        Mono<PurgeCounts> purge = projectMemory.projectExists(key.teamId(), projectId)
                .flatMap(exists -> exists
                        ? projectMemory.purge(key.teamId(), projectId)
                        : Mono.error(new ApiException.NotFound("Project")));
        return transactions.transactional(purge)
                .flatMap(counts -> audit.record(key, projectId, "project.memory_purged", "project", projectId,
                        requestId, counts.details()).thenReturn(counts));
    }
}
