package dev.engram.ops.keys;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A key just written to the database. The raw key exists only here: the database keeps its hash.
 *
 * @param rawKey the key to give to clients; cannot be recovered later
 * @param keyId the {@code api_keys} row id, for revoking it later
 * @param teamId the team the key is bound to
 * @param projectId the project the key is bound to, or null for a key of the whole team
 * @param scopes what the key may do
 * @param expiresAt when the key stops working, or null for never
 */
public record IssuedKey(String rawKey, UUID keyId, String teamId, @Nullable String projectId, List<String> scopes,
        @Nullable Instant expiresAt) {

    /** Never prints the raw key, so a logged record cannot leak it. */
    @Override
    public String toString() {
        return "IssuedKey[keyId=" + keyId + ", teamId=" + teamId + ", projectId=" + projectId + ", scopes=" + scopes + "]";
    }
}
