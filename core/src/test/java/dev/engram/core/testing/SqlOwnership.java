package dev.engram.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The rule docs/architecture.md states for SQL, checked on a module's main sources: every statement on an
 * Engram table lives in that table's home in {@code dev.engram.core.sql} (writes to a table only in its own
 * home), and each home is used only by its table's owners — one reactive repository in {@code ingest-api},
 * one JDBC store in {@code dev.engram.core.store}. Sources are read as text, because the compiler inlines
 * SQL constants into the classes that use them.
 */
public final class SqlOwnership {

    /** Each table's home. */
    public static final Map<String, String> HOMES = Map.ofEntries(
            Map.entry("teams", "TenantsSql"),
            Map.entry("projects", "TenantsSql"),
            Map.entry("api_keys", "ApiKeysSql"),
            Map.entry("sessions", "SessionsSql"),
            Map.entry("agent_events", "AgentEventsSql"),
            Map.entry("generation_jobs", "GenerationJobsSql"),
            Map.entry("generation_job_events", "GenerationJobsSql"),
            Map.entry("outbox", "OutboxSql"),
            Map.entry("observations", "ObservationsSql"),
            Map.entry("observation_sources", "ObservationsSql"),
            // kept by triggers beside observations (V8); read by the observations' owners
            Map.entry("observation_search", "ObservationsSql"),
            Map.entry("observation_embeddings", "ObservationsSql"),
            Map.entry("audit_log", "AuditLogSql"),
            Map.entry("provider_usage", "ProviderUsageSql"),
            Map.entry("flyway_schema_history", "SchemaHistorySql"));

    /** Each home's owners, by source path below {@code src/main/java/}. */
    public static final Map<String, Set<String>> OWNERS = Map.of(
            "TenantsSql", Set.of("dev/engram/ingest/project/ProjectRepository.java",
                    "dev/engram/core/store/TenantStore.java"),
            "ApiKeysSql", Set.of("dev/engram/ingest/auth/ApiKeyRepository.java",
                    "dev/engram/core/store/ApiKeyStore.java"),
            "SessionsSql", Set.of("dev/engram/ingest/session/SessionRepository.java",
                    "dev/engram/core/store/SessionStore.java"),
            "AgentEventsSql", Set.of("dev/engram/ingest/event/AgentEventRepository.java",
                    "dev/engram/core/store/AgentEventStore.java"),
            "GenerationJobsSql", Set.of("dev/engram/ingest/job/GenerationJobRepository.java",
                    "dev/engram/core/store/GenerationJobStore.java"),
            // The job's reactive owner also deletes its outbox rows in a purge (they have no tenant columns).
            "OutboxSql", Set.of("dev/engram/ingest/job/GenerationJobRepository.java",
                    "dev/engram/core/store/OutboxStore.java"),
            "ObservationsSql", Set.of("dev/engram/ingest/observation/ObservationRepository.java",
                    "dev/engram/core/store/ObservationStore.java"),
            "AuditLogSql", Set.of("dev/engram/ingest/audit/AuditLog.java",
                    "dev/engram/core/store/AuditStore.java"),
            "ProviderUsageSql", Set.of("dev/engram/core/store/ProviderUsageStore.java"),
            "SchemaHistorySql", Set.of("dev/engram/ingest/info/SchemaStatus.java"));

    private static final String SQL_PACKAGE = "dev/engram/core/sql/";
    private static final String TABLES = String.join("|", HOMES.keySet());
    private static final Pattern STATEMENT = Pattern.compile(
            "\\b(FROM|INTO|UPDATE|JOIN|TABLE)\\s+(" + TABLES + ")\\b");
    private static final Pattern WRITE = Pattern.compile(
            "\\b(INSERT INTO|UPDATE|DELETE FROM)\\s+(" + TABLES + ")\\b");
    private static final Pattern HOME_USE = Pattern.compile(
            "\\b(" + String.join("|", OWNERS.keySet()) + ")\\b");

    private SqlOwnership() {
    }

    /** Every breach of the rule in the Java sources under {@code sourceRoot} ({@code src/main/java}). */
    public static List<String> violations(Path sourceRoot) {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sourceRoot)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String relative = sourceRoot.relativize(file).toString().replace('\\', '/');
                violations.addAll(violations(relative, Files.readString(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return violations;
    }

    /** The breaches in one source file, named by its path below {@code src/main/java/}. */
    public static List<String> violations(String relativePath, String source) {
        List<String> violations = new ArrayList<>();
        String className = relativePath.substring(relativePath.lastIndexOf('/') + 1).replace(".java", "");
        boolean isHome = relativePath.startsWith(SQL_PACKAGE);
        if (!isHome) {
            Matcher statement = STATEMENT.matcher(source);
            while (statement.find()) {
                violations.add(relativePath + ": SQL on " + statement.group(2) + " (\"" + statement.group()
                        + "\") outside its home dev.engram.core.sql." + HOMES.get(statement.group(2)));
            }
        } else {
            Matcher write = WRITE.matcher(source);
            while (write.find()) {
                String home = HOMES.get(write.group(2));
                if (!home.equals(className)) {
                    violations.add(relativePath + ": writes " + write.group(2) + " (\"" + write.group()
                            + "\"), whose home is " + home);
                }
            }
        }
        Matcher use = HOME_USE.matcher(source);
        while (use.find()) {
            String home = use.group(1);
            if (!isHome && !OWNERS.get(home).contains(relativePath)) {
                violations.add(relativePath + ": uses " + home + ", which only " + OWNERS.get(home) + " may use");
            }
        }
        return violations.stream().distinct().toList();
    }
}
