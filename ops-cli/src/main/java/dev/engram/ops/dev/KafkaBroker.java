package dev.engram.ops.dev;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.jspecify.annotations.Nullable;

/**
 * A real single-node Kafka broker in KRaft combined mode (broker and controller in one server),
 * run inside this JVM from Kafka's own server classes. Unlike spring-kafka-test's embedded broker it
 * listens on a fixed port, so clients outside the JVM can reach {@code engram dev}'s Kafka, and it
 * keeps its data (and cluster id) in a directory across restarts.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final String META_PROPERTIES = "meta.properties";
    /** The log cleaner's offset map (Kafka's default: 128 MiB); see {@link #serverProperties()}. */
    private static final long DEDUPE_BUFFER_BYTES = 8L * 1024 * 1024;

    private final KafkaBrokerSettings settings;
    private @Nullable KafkaRaftServer server;
    private @Nullable String clusterId;

    public KafkaBroker(KafkaBrokerSettings settings) {
        this.settings = settings;
    }

    /** {@code localhost:<port>}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return settings.bootstrapServers();
    }

    public KafkaBrokerSettings settings() {
        return settings;
    }

    /** The cluster id of the data directory; known once {@link #start()} returned. */
    public String clusterId() {
        if (clusterId == null) {
            throw new IllegalStateException("the broker has not been started");
        }
        return clusterId;
    }

    /** Formats the storage on first use, starts the broker and returns once it answers clients. */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        // Checked up front because Kafka reports a taken port as a long stack trace deep in its start-up.
        requireFree(settings.port(), "Kafka");
        requireFree(settings.controllerPort(), "Kafka controller");
        Properties properties = serverProperties();
        Path configFile = writeConfig(properties);
        clusterId = formatIfNeeded(configFile);
        KafkaRaftServer started = new KafkaRaftServer(new KafkaConfig(properties, false), Time.SYSTEM);
        server = started;
        try {
            started.startup();
            awaitClients();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Stops the broker and waits until it has let go of its ports and files. */
    @Override
    public synchronized void close() {
        KafkaRaftServer running = server;
        server = null;
        if (running != null) {
            running.shutdown();
            running.awaitShutdown();
        }
    }

    private Path logDir() {
        return settings.dataDir().toAbsolutePath().resolve("logs");
    }

    Properties serverProperties() {
        String host = "localhost";
        Properties p = new Properties();
        p.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.voters", "1@" + host + ":" + settings.controllerPort()),
                Map.entry("listeners", "PLAINTEXT://" + host + ":" + settings.port() + ",CONTROLLER://" + host + ":" + settings.controllerPort()),
                Map.entry("advertised.listeners", "PLAINTEXT://" + host + ":" + settings.port()),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("log.dirs", logDir().toString()),
                // One node: every internal topic must make do with one replica.
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("default.replication.factor", "1"),
                Map.entry("min.insync.replicas", "1"),
                // Six partitions matches the lanes' default partition count.
                Map.entry("num.partitions", "6"),
                Map.entry("auto.create.topics.enable", "true"),
                // A dev broker has one consumer per group; waiting for more members only delays the first record.
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                // 50 offset partitions cost seconds on a 2-core laptop when the first group joins.
                Map.entry("offsets.topic.num.partitions", "6"),
                // The log cleaner's offset map is one array on the heap, allocated when the broker starts: 128 MiB
                // by default, the largest object in the dev stack's heap. It only compacts __consumer_offsets here,
                // whose keys are the few hundred (group, topic, partition) of the local apps; 8 MiB maps some 300,000
                // keys per pass, and a larger log is cleaned in more passes.
                Map.entry("log.cleaner.dedupe.buffer.size", String.valueOf(DEDUPE_BUFFER_BYTES))));
        return p;
    }

    private Path writeConfig(Properties properties) {
        Path configFile = settings.dataDir().toAbsolutePath().resolve("server.properties");
        try {
            Files.createDirectories(logDir());
            try (OutputStream out = Files.newOutputStream(configFile)) {
                properties.store(out, "Written by engram dev on every start; edit the options, not this file");
            }
            return configFile;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + configFile, e);
        }
    }

    /** Formats an empty log directory with a new cluster id; a formatted one keeps the id in its meta.properties. */
    private String formatIfNeeded(Path configFile) {
        Path meta = logDir().resolve(META_PROPERTIES);
        if (Files.exists(meta)) {
            return readClusterId(meta);
        }
        String newId = Uuid.randomUuid().toString();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        // execute(...) rather than main(...): main ends with System.exit.
        int status = StorageTool.execute(
                new String[] {"format", "--config", configFile.toString(), "--cluster-id", newId},
                new PrintStream(output, true, StandardCharsets.UTF_8));
        if (status != 0) {
            throw new IllegalStateException("cannot format Kafka storage in " + logDir() + ": "
                    + output.toString(StandardCharsets.UTF_8).strip());
        }
        return readClusterId(meta);
    }

    private static String readClusterId(Path meta) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(meta)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + meta, e);
        }
        String id = p.getProperty("cluster.id");
        if (id == null) {
            throw new IllegalStateException(meta + " has no cluster.id; delete the directory to start afresh");
        }
        return id;
    }

    /**
     * The cluster id of a broker running elsewhere ({@code engram dev --external-broker}); fails with a message
     * naming it when it does not answer within {@code timeout}.
     */
    public static String clusterIdOf(String bootstrapServers, Duration timeout) {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "engram-dev-broker-check",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        try (Admin admin = Admin.create(config)) {
            return admin.describeCluster().clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking Kafka at " + bootstrapServers, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("no Kafka broker answers at " + bootstrapServers + " within "
                    + timeout.toSeconds() + " s (start one with: engram broker)", e);
        }
    }

    private void awaitClients() {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "engram-dev-broker-check");
        try (Admin admin = Admin.create(config)) {
            admin.describeCluster().nodes().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka to start", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not start on " + bootstrapServers() + " within " + START_TIMEOUT.toSeconds() + " s", e);
        }
    }

    private static void requireFree(int port, String what) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new IllegalStateException(what + " port " + port + " is already in use — stop what holds it or pick another port");
        }
    }
}
