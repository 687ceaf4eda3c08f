package dev.engram.ingest.project;

import dev.engram.ingest.api.ApiException;
import dev.engram.ingest.auth.ApiKeyPrincipal;
import dev.engram.ingest.cache.LookupCache;
import dev.engram.ingest.config.IngestSettings;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Checks that a project named in a request body is inside the key's scope, before anything is written
 * (a session named with it is checked by the session service). Refusals are 403, as claude-mem answers them.
 */
@Component
public class ProjectAccess {

    /** claude-mem's refusal of a project (or session) outside the key's team. */
    public static final String REFUSAL = "project_id must belong to team_id";

    private final ProjectRepository projects;
    private final LookupCache<List<String>, WritableProject> inTeam;

    ProjectAccess(ProjectRepository projects, IngestSettings settings) {
        this.projects = projects;
        this.inTeam = new LookupCache<>(settings.lookupCacheTtl(), 10_000);
    }

    /** The project, when the key may write to it; else 403. */
    public Mono<WritableProject> requireWritable(ApiKeyPrincipal key, String projectId) {
        key.requireProjectInScope(projectId);
        return findInTeam(key.teamId(), projectId)
                .switchIfEmpty(Mono.error(() -> new ApiException.Forbidden(REFUSAL)));
    }

    /**
     * The project, when the key may read it: a project-scoped key naming another project is 403 (as
     * claude-mem answers it), a project outside the key's team is 404, so existence does not leak.
     */
    public Mono<WritableProject> requireReadable(ApiKeyPrincipal key, String projectId) {
        key.requireProjectInScope(projectId);
        return findInTeam(key.teamId(), projectId)
                .switchIfEmpty(Mono.error(() -> new ApiException.NotFound("Project")));
    }

    /**
     * The team's project named in a request's path, readable by the key: an id in a path the key may not read is a
     * 404, whether it is another team's project or, for a project key, a sibling (a project named in a body that is
     * out of a project key's scope is a 403: {@link #requireReadable}).
     */
    public Mono<WritableProject> requireReadableInPath(ApiKeyPrincipal key, String projectId) {
        if (key.projectId() != null && !key.projectId().equals(projectId)) {
            return Mono.error(new ApiException.NotFound("Project"));
        }
        return requireReadable(key, projectId);
    }

    /** The team's project, as read at most {@code engram.ingest.lookup-cache-ttl} ago (a policy change waits that long). */
    private Mono<WritableProject> findInTeam(String teamId, String projectId) {
        return inTeam.get(List.of(teamId, projectId), key -> projects.findInTeam(key.get(0), key.get(1)));
    }

    public static @Nullable UUID parseUuid(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
