package dev.engram.ops.keys;

import dev.engram.core.settings.DatabaseSettings;
import dev.engram.core.store.ApiKeyStore;
import dev.engram.core.store.ApiKeyStore.ListedKey;
import dev.engram.core.store.AuditStore;
import dev.engram.ops.database.DatabaseOptions;
import dev.engram.ops.database.PostgresConnections;
import dev.engram.ops.database.SchemaMigrator;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code engram keys revoke}: revokes one key, named by its id or its prefix, with its {@code key.revoked}
 * audit row. The API refuses it within {@code engram.ingest.lookup-cache-ttl} (it caches keys that briefly).
 */
@Command(name = "revoke", description = "Revoke an API key by its id or prefix.", mixinStandardHelpOptions = true)
public final class RevokeKeyCommand implements Callable<Integer> {

    @Parameters(paramLabel = "<key>", description = "The key's id or prefix (as engram keys list shows them).")
    private String ref = "";

    @Mixin
    private DatabaseOptions databaseOptions = new DatabaseOptions();

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        DatabaseSettings database = databaseOptions.settings();
        new SchemaMigrator(database).migrate();
        String message = PostgresConnections.inTransaction(database, jdbc -> {
            ApiKeyStore keys = new ApiKeyStore(jdbc);
            List<ListedKey> found = keys.find(ref.trim());
            if (found.isEmpty()) {
                throw new IllegalArgumentException("no key has the id or prefix " + ref
                        + " (engram keys list --all shows them)");
            }
            if (found.size() > 1) {
                throw new IllegalArgumentException(found.size() + " keys share the prefix " + ref
                        + "; revoke one by its id (engram keys list)");
            }
            ListedKey key = found.get(0);
            Optional<Instant> revoked = keys.revoke(key.id());
            if (revoked.isEmpty()) {
                return "Key " + describe(key) + " was already revoked at " + key.revokedAt() + ".";
            }
            new AuditStore(jdbc).append(key.teamId() == null ? "-" : key.teamId(), key.projectId(), ApiKeyIssuer.ACTOR,
                    null, "key.revoked", "api_key", key.id().toString(), null,
                    Map.of("prefix", key.prefix() == null ? "" : key.prefix()));
            return "Revoked key " + describe(key) + " at " + revoked.get()
                    + "; the API refuses it within engram.ingest.lookup-cache-ttl (5 s by default).";
        });
        PrintWriter out = spec.commandLine().getOut();
        out.println(message);
        out.flush();
        return 0;
    }

    private static String describe(ListedKey key) {
        return (key.prefix() == null ? "" : key.prefix() + " ") + "(" + key.id() + ") of team " + key.teamId();
    }
}
