package dev.engram.ops.keys;

import dev.engram.core.key.ApiKeys;
import dev.engram.core.settings.DatabaseSettings;
import dev.engram.core.store.ApiKeyStore;
import dev.engram.core.store.AuditStore;
import dev.engram.core.store.TenantStore;
import dev.engram.ops.database.PostgresConnections;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Issues API keys, creating the team and project they are bound to when those do not exist yet: this is
 * how tenants come to exist at all (claude-mem does the same from its CLI). Teams, projects and keys are
 * written through core's owners of those tables ({@link TenantStore}, {@link ApiKeyStore}), on the SQL the
 * ingest API's own reads of them use. Only the SHA-256 of the key is stored; the raw key is returned once.
 */
public final class ApiKeyIssuer {

    /** Who issued the key, for the audit trail of the {@code api_keys} row. */
    static final String ACTOR = "engram-cli";

    private final DatabaseSettings database;

    public ApiKeyIssuer(DatabaseSettings database) {
        this.database = database;
    }

    /**
     * Creates team {@code teamId} and project {@code projectId} when missing (their names are their ids)
     * and a new key bound to both, in one transaction.
     *
     * @throws ProjectOfAnotherTeamException when the project exists under a different team; nothing is written
     */
    public IssuedKey issue(String teamId, String projectId, List<String> scopes, @Nullable String label) {
        return issue(teamId, projectId, scopes, label, null);
    }

    /**
     * Creates team {@code teamId} (and project {@code projectId}, unless null: a team key may use every project
     * of its team) when missing, and a new key bound to them that expires at {@code expiresAt} (never when
     * null), with its {@code key.created} audit row, in one transaction.
     *
     * @throws ProjectOfAnotherTeamException when the project exists under a different team; nothing is written
     */
    public IssuedKey issue(String teamId, @Nullable String projectId, List<String> scopes, @Nullable String label,
            @Nullable Instant expiresAt) {
        requireId("team", teamId);
        if (projectId != null) {
            requireId("project", projectId);
        }
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("a key needs at least one scope");
        }
        String rawKey = ApiKeys.newRawKey();
        UUID keyId = PostgresConnections.inTransaction(database, jdbc -> {
            TenantStore tenants = new TenantStore(jdbc);
            tenants.ensureTeam(teamId);
            if (projectId != null) {
                String owner = tenants.ensureProject(teamId, projectId);
                if (!teamId.equals(owner)) {
                    throw new ProjectOfAnotherTeamException(projectId, owner, teamId);
                }
            }
            UUID id = new ApiKeyStore(jdbc).insert(rawKey, teamId, projectId, scopes, label, ACTOR, expiresAt);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("prefix", ApiKeys.prefix(rawKey));
            details.put("scopes", scopes);
            details.put("expiresAt", expiresAt == null ? null : expiresAt.toString());
            new AuditStore(jdbc).append(teamId, projectId, ACTOR, null, "key.created", "api_key", id.toString(),
                    null, details);
            return id;
        });
        return new IssuedKey(rawKey, keyId, teamId, projectId, List.copyOf(scopes), expiresAt);
    }

    /**
     * The key {@code rawKey} as issued, if it is still active and bound to exactly {@code teamId} and
     * {@code projectId}: what {@code engram dev} reuses instead of issuing a new key on every start.
     */
    public Optional<IssuedKey> stillActive(String rawKey, String teamId, String projectId) {
        return PostgresConnections.inTransaction(database, jdbc -> new ApiKeyStore(jdbc).findActive(rawKey))
                .filter(key -> teamId.equals(key.teamId()) && projectId.equals(key.projectId()))
                .map(key -> new IssuedKey(rawKey, key.id(), teamId, projectId, key.scopes(), key.expiresAt()));
    }

    private static void requireId(String what, String id) {
        if (id.isBlank()) {
            throw new IllegalArgumentException("the " + what + " id must not be blank");
        }
    }
}
