package dev.engram.ingest.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.core.testing.TestDatabase;
import io.debezium.embedded.Connect;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.connect.source.SourceRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * infra/debezium's connector configuration run by Debezium's embedded engine against a test database (logical
 * replication; .ci/run sets {@code wal_level=logical}), each record handed to a sink instead of Kafka.
 */
final class EmbeddedConnector implements AutoCloseable {

    private static final Path CONNECTOR = Path.of("..", "infra", "debezium", "engram-outbox-connector.json");

    private final ExecutorService runner = Executors.newSingleThreadExecutor();
    private final DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> engine;

    /** Starts the engine and waits until its task runs: every change committed after that is streamed. */
    EmbeddedConnector(Properties configuration, Consumer<SourceRecord> sink) throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        engine = DebeziumEngine.create(Connect.class)
                .using(configuration)
                .using(new DebeziumEngine.ConnectorCallback() {
                    @Override
                    public void taskStarted() {
                        started.countDown();
                    }
                })
                .notifying(event -> sink.accept(event.value()))
                .build();
        runner.execute(engine);
        assertThat(started.await(60, TimeUnit.SECONDS)).as("the connector's task started").isTrue();
    }

    /**
     * The shipped configuration, where it meets {@code database} (as the superuser, which may replicate) with its own
     * slot and publication; offsets as the caller sets them.
     */
    static Properties configuration(TestDatabase database, String name, String slot) throws Exception {
        JsonNode config = JsonMapper.builder().build().readTree(Files.readString(CONNECTOR)).get("config");
        Properties props = new Properties();
        config.properties().forEach(entry -> props.setProperty(entry.getKey(), entry.getValue().asString()));
        props.setProperty("name", name);
        props.setProperty("database.hostname", database.host());
        props.setProperty("database.port", String.valueOf(database.port()));
        props.setProperty("database.user", "postgres");
        props.setProperty("database.password", "");
        props.setProperty("database.dbname", database.name());
        props.setProperty("slot.name", slot);
        props.setProperty("publication.name", slot);
        return props;
    }

    /** Drops the publication and the slot named {@code slot}: a slot left behind would keep WAL forever. */
    static void drop(TestDatabase database, String slot) throws SQLException {
        try (Connection connection = superuser(database); Statement statement = connection.createStatement()) {
            statement.execute("DROP PUBLICATION IF EXISTS " + slot);
            statement.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots "
                    + "WHERE slot_name = '" + slot + "'");
        }
    }

    static Connection superuser(TestDatabase database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + database.host() + ":" + database.port()
                + "/" + database.name(), "postgres", "");
    }

    @Override
    public void close() throws Exception {
        engine.close();
        runner.shutdown();
        runner.awaitTermination(30, TimeUnit.SECONDS);
    }
}
