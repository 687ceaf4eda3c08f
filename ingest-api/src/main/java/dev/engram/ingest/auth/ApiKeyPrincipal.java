package dev.engram.ingest.auth;

import dev.engram.core.key.Scope;
import dev.engram.ingest.api.ApiException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The authenticated caller: an API key and the tenant scope it grants. The only source of a
 * request's team and project.
 *
 * @param keyId the key's row id
 * @param teamId the key's team
 * @param projectId the key's project, or null for a team-wide key
 * @param actorId who the key acts for, if recorded
 * @param scopes the granted scopes
 */
public record ApiKeyPrincipal(String keyId, String teamId, @Nullable String projectId, @Nullable String actorId,
        List<String> scopes) {

    public boolean allows(String scope) {
        return Scope.allows(scopes, scope);
    }

    /**
     * Checks a project named in a request body against the key: a project-scoped key may only name its
     * own project. Whether the project belongs to the team is checked in SQL by the caller.
     */
    public void requireProjectInScope(String requestedProjectId) {
        if (projectId != null && !projectId.equals(requestedProjectId)) {
            throw new ApiException.Forbidden("API key is scoped to a different project");
        }
    }
}
