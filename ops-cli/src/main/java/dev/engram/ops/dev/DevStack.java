package dev.engram.ops.dev;

import dev.engram.core.key.Scope;
import dev.engram.core.settings.DatabaseSettings;
import dev.engram.ops.keys.ApiKeyIssuer;
import dev.engram.ops.keys.IssuedKey;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole Engram pipeline in this JVM: checks the database, starts a Kafka broker, the ingest API and
 * both processors (each its own Spring context), then issues a key for the dev team and project.
 * {@link #close()} stops everything in reverse order.
 */
public final class DevStack implements AutoCloseable {

    public static final String DEV_TEAM = "dev";
    public static final String DEV_PROJECT = "dev";
    static final List<String> DEV_SCOPES = List.of(Scope.READ, Scope.WRITE);
    static final String KEY_FILE = "dev-api-key";
    private static final Duration EXTERNAL_BROKER_TIMEOUT = Duration.ofSeconds(10);

    private final @Nullable KafkaBroker broker;
    private final String bootstrapServers;
    // In start order (the enum's); closed in reverse so nothing loses a dependency while it is still running.
    private final Map<EmbeddedApp, ConfigurableApplicationContext> contexts = new EnumMap<>(EmbeddedApp.class);
    private final List<ConfigurableApplicationContext> extraGenerationInstances = new ArrayList<>();
    private @Nullable EmbeddedAppLauncher launcher;
    private Map<String, String> processorProperties = Map.of();
    private String baseUrl = "";
    private @Nullable IssuedKey key;

    private DevStack(@Nullable KafkaBroker broker, String bootstrapServers) {
        this.broker = broker;
        this.bootstrapServers = bootstrapServers;
    }

    /** Starts the stack and prints where it is and its key to {@code out}; on failure stops what had started. */
    public static DevStack start(DevStackOptions options, PrintStream out) {
        Path log = DevLog.toFile(options.stateDir(), options.verbose());
        out.println("Engram dev stack; full log: " + log + (options.verbose() ? "" : " (--verbose shows it here)"));
        DatabaseSettings database = options.databaseSettings();
        DevDatabase devDatabase = new DevDatabase(database);
        if (devDatabase.ensureExists()) {
            out.println("Created database " + database);
        }
        switch (devDatabase.pgvector()) {
            case MISSING -> out.println("pgvector is not installed: search answers by words only "
                    + "(install it with: sudo infra/pgvector/install-pgvector.sh)");
            case NOT_ENABLED -> out.println("pgvector is installed but not enabled in " + database
                    + ": search answers by words only (as a superuser: CREATE EXTENSION vector; then see "
                    + "docs/operations.md#pgvector)");
            case ENABLED -> {
            }
        }
        DevStack stack = options.externalBroker() == null
                ? new DevStack(new KafkaBroker(options.kafka()), options.kafka().bootstrapServers())
                : new DevStack(null, options.externalBroker());
        try {
            stack.startAll(options, database, out);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startAll(DevStackOptions options, DatabaseSettings database, PrintStream out) {
        if (broker != null) {
            broker.start();
            out.println("Kafka: " + bootstrapServers + " (cluster " + broker.clusterId() + ")");
        } else {
            out.println("Kafka: " + bootstrapServers + " (external, cluster "
                    + KafkaBroker.clusterIdOf(bootstrapServers, EXTERNAL_BROKER_TIMEOUT) + ")");
        }
        EmbeddedAppLauncher launcher = new EmbeddedAppLauncher(options.database(), bootstrapServers);
        this.launcher = launcher;
        this.processorProperties = options.processorProperties();
        Map<String, String> ingest = new HashMap<>();
        ingest.put("server.address", options.httpAddress());
        ingest.put("server.port", String.valueOf(options.httpPort()));
        ingest.putAll(options.ingestProperties());
        // The ingest API goes first: its Flyway creates the schema the processors and the key need.
        contexts.put(EmbeddedApp.INGEST_API, launcher.launch(EmbeddedApp.INGEST_API, ingest));
        baseUrl = "http://" + clientHost(options.httpAddress()) + ":" + httpPort(ingestContext());
        if (options.processors()) {
            for (EmbeddedApp processor : List.of(EmbeddedApp.GENERATION_PROCESSOR, EmbeddedApp.SUMMARY_PROCESSOR)) {
                contexts.put(processor, launcher.launch(processor, options.processorProperties()));
            }
        } else {
            out.println("Processors: not started (--no-processors); jobs wait in Postgres and Kafka");
        }
        // The key of the previous start, while it still works on this database; a new one otherwise.
        ApiKeyIssuer issuer = new ApiKeyIssuer(database);
        IssuedKey issued = readKey(options.stateDir())
                .flatMap(raw -> issuer.stillActive(raw, DEV_TEAM, DEV_PROJECT))
                .orElseGet(() -> issuer.issue(DEV_TEAM, DEV_PROJECT, DEV_SCOPES, "engram dev"));
        key = issued;
        Path keyFile = writeKey(options.stateDir(), issued.rawKey());
        out.println("Engram API: " + baseUrl);
        out.println("Memory viewer: " + baseUrl + "/viewer (paste the API key)");
        out.println("Team: " + issued.teamId() + "  Project: " + issued.projectId());
        out.println("API key: " + issued.rawKey());
        out.println("(also written to " + keyFile + ")");
        out.flush();
    }

    public String baseUrl() {
        return baseUrl;
    }

    public String apiKey() {
        return key().rawKey();
    }

    public String teamId() {
        return key().teamId();
    }

    public String projectId() {
        return key().projectId();
    }

    public String kafkaBootstrapServers() {
        return bootstrapServers;
    }

    private IssuedKey key() {
        IssuedKey issued = key;
        if (issued == null) {
            throw new IllegalStateException("the dev stack has not finished starting");
        }
        return issued;
    }

    public ConfigurableApplicationContext ingestContext() {
        return context(EmbeddedApp.INGEST_API);
    }

    /** The generation processor's context; fails when the stack runs without processors. */
    public ConfigurableApplicationContext generationContext() {
        return context(EmbeddedApp.GENERATION_PROCESSOR);
    }

    /** The summary processor's context; fails when the stack runs without processors. */
    public ConfigurableApplicationContext summaryContext() {
        return context(EmbeddedApp.SUMMARY_PROCESSOR);
    }

    private ConfigurableApplicationContext context(EmbeddedApp app) {
        ConfigurableApplicationContext context = contexts.get(app);
        if (context == null) {
            throw new IllegalStateException(app.applicationName() + " is not running in this dev stack");
        }
        return context;
    }

    /**
     * Starts one more generation processor in this JVM, in the same consumer group (the benchmark's scale-out);
     * {@code extra} properties win over the stack's processor properties. Stopped with the stack.
     */
    public synchronized ConfigurableApplicationContext startGenerationInstance(Map<String, String> extra) {
        if (launcher == null) {
            throw new IllegalStateException("the dev stack is not running");
        }
        Map<String, String> properties = new HashMap<>(processorProperties);
        properties.put("server.port", "0");
        properties.putAll(extra);
        ConfigurableApplicationContext context = launcher.launch(EmbeddedApp.GENERATION_PROCESSOR, properties);
        extraGenerationInstances.add(context);
        return context;
    }

    /** How many generation processors run: the stack's own and those {@link #startGenerationInstance} added. */
    public synchronized int generationInstances() {
        return (contexts.containsKey(EmbeddedApp.GENERATION_PROCESSOR) ? 1 : 0) + extraGenerationInstances.size();
    }

    /** Stops the apps in reverse start order, then the broker; safe to call more than once. */
    @Override
    public synchronized void close() {
        RuntimeException failure = null;
        List<ConfigurableApplicationContext> running = new ArrayList<>(contexts.values());
        running.addAll(extraGenerationInstances);
        extraGenerationInstances.clear();
        Collections.reverse(running);
        for (ConfigurableApplicationContext context : running) {
            try {
                context.close();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        contexts.clear();
        if (broker != null) {
            broker.close();
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static int httpPort(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** A wildcard bind address is not something a client can connect to; loopback is. */
    private static String clientHost(String bindAddress) {
        return bindAddress.equals("0.0.0.0") || bindAddress.equals("::") ? "127.0.0.1" : bindAddress;
    }

    private static Optional<String> readKey(Path stateDir) {
        Path file = stateDir.resolve(KEY_FILE);
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file).strip()).filter(k -> !k.isEmpty())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Path writeKey(Path stateDir, String rawKey) {
        Path file = stateDir.resolve(KEY_FILE);
        try {
            Files.createDirectories(stateDir);
            Files.writeString(file, rawKey + System.lineSeparator());
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the dev key to " + file, e);
        }
    }
}
