package dev.engram.ingest.event;

import dev.engram.core.job.GenerationPolicy;
import dev.engram.core.settings.GenerationSettings;
import dev.engram.ingest.auth.ApiKeyPrincipal;
import dev.engram.ingest.job.StoredJob;
import dev.engram.ingest.project.ProjectAccess;
import dev.engram.ingest.project.WritableProject;
import dev.engram.ingest.session.SessionService;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Ingests agent events: every project and session a request names is checked against the key first, then
 * the request's events, their generation jobs (each with its {@code queued} history row and outbox row) and
 * its audit rows are written in ONE transaction, which it may share with concurrent requests
 * ({@link GroupCommit}). A repeat of the same event finds the existing rows and writes nothing new, so a
 * client may retry freely.
 */
@Service
public class EventIngestService {

    private final ProjectAccess projects;
    private final SessionService sessions;
    private final GroupCommit commits;
    private final GenerationSettings generation;

    EventIngestService(ProjectAccess projects, SessionService sessions, GroupCommit commits,
            GenerationSettings generation) {
        this.projects = projects;
        this.sessions = sessions;
        this.commits = commits;
        this.generation = generation;
    }

    public Mono<IngestedEvent> ingest(ApiKeyPrincipal key, NewEvent event, boolean generate, String requestId,
            @Nullable String traceparent) {
        return requireWritable(key, event.projectId(), event.serverSessionId())
                .flatMap(project -> commits.submit(new IngestRequest(key, List.of(event), generate,
                        Map.of(project.projectId(), policyOf(project)), requestId, traceparent, false)))
                .map(ingested -> ingested.get(0));
    }

    /**
     * Ingests a batch: every project and session is checked against the key before anything is written,
     * then all events, jobs and outbox rows are written in one transaction, in request order.
     */
    Mono<List<IngestedEvent>> ingestBatch(ApiKeyPrincipal key, List<NewEvent> batch, boolean generate,
            String requestId, @Nullable String traceparent) {
        Set<List<String>> scopes = new LinkedHashSet<>();
        batch.forEach(event -> scopes.add(Arrays.asList(event.projectId(), event.serverSessionId())));
        return Flux.fromIterable(scopes)
                .concatMap(scope -> requireWritable(key, scope.get(0), scope.get(1)))
                .collectMap(WritableProject::projectId, this::policyOf)
                .flatMap(policies -> commits.submit(new IngestRequest(key, batch, generate, policies, requestId,
                        traceparent, true)));
    }

    /** The project, when the key may write to it and, when one is named, to the session in it; else 403. */
    private Mono<WritableProject> requireWritable(ApiKeyPrincipal key, String projectId,
            @Nullable String serverSessionId) {
        Mono<WritableProject> project = projects.requireWritable(key, projectId);
        return serverSessionId == null ? project
                : project.flatMap(writable -> sessions.requireInProject(key, projectId, serverSessionId)
                        .thenReturn(writable));
    }

    private GenerationPolicy policyOf(WritableProject project) {
        return project.policyOr(generation.defaultPolicy());
    }

    /** The stored event and, when generation was asked for, its job. */
    public record IngestedEvent(StoredEvent event, @Nullable StoredJob job) {
    }
}
