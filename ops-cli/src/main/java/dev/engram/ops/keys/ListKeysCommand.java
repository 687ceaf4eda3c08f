package dev.engram.ops.keys;

import dev.engram.core.settings.DatabaseSettings;
import dev.engram.core.store.ApiKeyStore;
import dev.engram.core.store.ApiKeyStore.ListedKey;
import dev.engram.ops.database.DatabaseOptions;
import dev.engram.ops.database.PostgresConnections;
import dev.engram.ops.database.SchemaMigrator;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code engram keys list}: every key with what an operator needs to tell it apart and judge it (prefix,
 * scopes, team, project, created, last used, expiry, revocation), never the key or its hash.
 */
@Command(name = "list", description = "List API keys (never the keys themselves).", mixinStandardHelpOptions = true)
public final class ListKeysCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private static final String ROW = "%-36s  %-11s  %-12s  %-12s  %-30s  %-16s  %-16s  %-16s  %s%n";

    @Option(names = "--team", description = "Only this team's keys.")
    private @Nullable String team;

    @Option(names = "--project", description = "Only keys bound to this project.")
    private @Nullable String project;

    @Option(names = "--all", description = "Include revoked keys.")
    private boolean all;

    @Option(names = "--json", description = "One JSON array, for scripts.")
    private boolean json;

    @Mixin
    private DatabaseOptions databaseOptions = new DatabaseOptions();

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        DatabaseSettings database = databaseOptions.settings();
        new SchemaMigrator(database).migrate();
        List<ListedKey> keys = PostgresConnections.inTransaction(database,
                jdbc -> new ApiKeyStore(jdbc).list(team, project, all));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(JsonMapper.builder().build().writeValueAsString(asJson(keys)));
        } else if (keys.isEmpty()) {
            out.println("No keys" + (all ? "." : " (revoked keys are listed with --all)."));
        } else {
            out.printf(ROW, "ID", "PREFIX", "TEAM", "PROJECT", "SCOPES", "CREATED (UTC)", "LAST USED", "EXPIRES",
                    "REVOKED");
            for (ListedKey key : keys) {
                out.printf(ROW, key.id(), orDash(key.prefix()), orDash(key.teamId()),
                        key.projectId() == null ? "(team)" : key.projectId(), String.join(",", key.scopes()),
                        time(key.createdAt()), time(key.lastUsedAt()), time(key.expiresAt()), time(key.revokedAt()));
            }
        }
        out.flush();
        return 0;
    }

    private static ArrayNode asJson(List<ListedKey> keys) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (ListedKey key : keys) {
            ObjectNode row = array.addObject().put("id", key.id().toString()).put("prefix", key.prefix())
                    .put("teamId", key.teamId()).put("projectId", key.projectId()).put("actorId", key.actorId())
                    .put("label", key.label());
            key.scopes().forEach(row.putArray("scopes")::add);
            row.put("createdAt", iso(key.createdAt())).put("lastUsedAt", iso(key.lastUsedAt()))
                    .put("expiresAt", iso(key.expiresAt())).put("revokedAt", iso(key.revokedAt()));
        }
        return array;
    }

    private static String orDash(@Nullable String value) {
        return value == null ? "-" : value;
    }

    private static String time(@Nullable Instant instant) {
        return instant == null ? "-" : TIME.format(instant);
    }

    private static @Nullable String iso(@Nullable Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
