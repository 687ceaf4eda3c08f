package dev.engram.ingest.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.core.job.DebounceWindow;
import dev.engram.core.job.EnqueueRows;
import dev.engram.core.job.JobPayload;
import dev.engram.core.settings.DatabaseSettings;
import dev.engram.core.settings.JobSettings;
import dev.engram.core.sql.GenerationJobsSql;
import dev.engram.core.store.GenerationJobStore;
import dev.engram.core.testing.TestDatabase;
import dev.engram.core.testing.TestTenant;
import dev.engram.ingest.background.DedicatedSessions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.spi.ConnectionFactories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.connect.source.SourceRecord;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The relay keeping house while Debezium publishes ({@code engram.relay.publisher=connector}, ADR 0011): the shipped
 * connector configuration runs in Debezium's embedded engine against a database of its own (so no publishing relay
 * sees its rows), and the relay, built as the application builds it, must mark exactly what the connector streamed,
 * hold what it did not, and hand a debounce window's job to the processors only once the window closed.
 */
class ConnectorHousekeepingTest {

    private static final TestDatabase DATABASE = TestDatabase.fresh("connector");
    private static final Duration ARRIVED = Duration.ofSeconds(30);

    private final String slot = "engram_housekeeping_" + UUID.randomUUID().toString().substring(0, 8);
    private final List<SourceRecord> captured = new CopyOnWriteArrayList<>();
    private final Path offsets;
    private final JdbcClient jdbc = JdbcClient.create(
            new DriverManagerDataSource(DATABASE.jdbcUrl(), DATABASE.user(), DATABASE.password()));
    private final GenerationJobStore jobs = new GenerationJobStore(jdbc);
    private @Nullable EmbeddedConnector connector;
    private @Nullable OutboxRelay relay;

    ConnectorHousekeepingTest() throws java.io.IOException {
        offsets = Files.createTempFile("engram-connector-offsets", ".dat");
        Files.delete(offsets);
    }

    @BeforeEach
    void startTheConnectorAndTheRelay() throws Exception {
        startConnector();
        RelaySettings settings = new RelaySettings(true, Duration.ofMillis(200), 500, Duration.ofSeconds(5),
                Duration.ofHours(1), Duration.ofSeconds(15), Duration.ofMinutes(2), 7306086870069424493L,
                Duration.ofMillis(10), RelaySettings.Publisher.CONNECTOR, slot, Duration.ofSeconds(1));
        DatabaseClient r2dbc = DatabaseClient.create(ConnectionFactories.get("r2dbc:postgresql://" + DATABASE.user()
                + ":" + DATABASE.password() + "@" + DATABASE.host() + ":" + DATABASE.port() + "/" + DATABASE.name()));
        OutboxPublisher refuses = rows -> {
            throw new AssertionError("the relay published " + rows.size() + " row(s) while the connector publishes");
        };
        relay = new OutboxRelay(new DedicatedSessions(new DatabaseSettings(DATABASE.host(), DATABASE.port(),
                DATABASE.name(), DATABASE.user(), DATABASE.password())), settings,
                new JobSettings(Duration.ofMinutes(5)), refuses, new OutboxWakeup(r2dbc, settings),
                new SimpleMeterRegistry());
        relay.start();
        await().atMost(ARRIVED).until(relay::isActive);
    }

    @AfterEach
    void stop() throws Exception {
        if (relay != null) {
            relay.stop();
        }
        stopConnector();
        Files.deleteIfExists(offsets);
        EmbeddedConnector.drop(DATABASE, slot);
    }

    @Test
    void rowsTheConnectorStreamedAreMarkedPublishedAndTheirJobsEnqueuedInAQuietDatabaseToo() {
        TestTenant tenant = TestTenant.create(DATABASE);
        List<String> ids = List.of(eventJob(tenant), eventJob(tenant), eventJob(tenant));

        // nothing else writes to this database: the slot passes the last rows once the relay nudged it
        await().atMost(ARRIVED).untilAsserted(() -> {
            assertThat(captured).extracting(SourceRecord::key).containsAll(ids);
            for (String id : ids) {
                assertThat(tenant.count("SELECT count(*) FROM outbox WHERE aggregateid = ? AND published_at IS NULL",
                        id)).isZero();
                assertThat(tenant.count("SELECT count(*) FROM generation_jobs WHERE id = ? AND enqueued_at IS NOT NULL",
                        id)).isOne();
            }
        });
        for (String id : ids) {
            assertThat(captured.stream().filter(r -> id.equals(r.key()))).as("records of %s", id).hasSize(1);
            assertThat(tenant.text("SELECT string_agg(event_type, ',' ORDER BY id) FROM generation_job_events "
                    + "WHERE job_id = ?", id)).isEqualTo("queued,enqueued");
        }
    }

    @Test
    void rowsCommittedWhileTheConnectorIsDownWaitUnpublishedAndAreStreamedAndMarkedWhenItReturns() throws Exception {
        TestTenant tenant = TestTenant.create(DATABASE);
        String before = eventJob(tenant);
        await().atMost(ARRIVED).until(() -> published(tenant, before));

        stopConnector();
        String whileDown = eventJob(tenant);
        // the slot is there and behind; the relay keeps passing but marks nothing
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> !published(tenant, whileDown));
        assertThat(captured).extracting(SourceRecord::key).doesNotContain(whileDown);

        startConnector();
        await().atMost(ARRIVED).untilAsserted(() -> assertThat(captured).extracting(SourceRecord::key)
                .contains(whileDown));
        await().atMost(ARRIVED).until(() -> published(tenant, whileDown));
        assertThat(captured.stream().filter(r -> whileDown.equals(r.key()))).hasSize(1);
    }

    @Test
    void aDebounceWindowsJobIsRefusedUntilTheWindowClosedThenIssuedAgainAndClaimable() {
        TestTenant tenant = TestTenant.create(DATABASE);
        UUID session = UUID.randomUUID();
        tenant.update("INSERT INTO sessions (id, team_id, project_id) VALUES (?, ?, ?)", session, tenant.teamId(),
                tenant.projectId());
        Instant closes = Instant.now().plusSeconds(4);
        DebounceWindow window = new DebounceWindow(session.toString(), closes.minusSeconds(10), closes);
        JobPayload job = JobPayload.forEventBatch(tenant.teamId(), tenant.projectId(), window, null, null, "req-w");
        enqueue(job, closes);

        // the connector publishes at commit, before the window closed: a processor's claim must refuse the job
        await().atMost(ARRIVED).until(() -> records(job.generationJobId()) == 1);
        assertThat(jobs.claim(job.generationJobId(), UUID.randomUUID(), Duration.ofMinutes(5))).isEmpty();
        assertThat(jobs.claimAll(List.of(job.generationJobId()), UUID.randomUUID(), Duration.ofMinutes(5))).isEmpty();
        assertThat(tenant.text("SELECT status FROM generation_jobs WHERE id = ?", job.generationJobId()))
                .isEqualTo("queued");

        // once it closed the relay gives the job a fresh row, which the connector publishes and the slot confirms
        await().atMost(ARRIVED).until(() -> records(job.generationJobId()) == 2);
        await().atMost(ARRIVED).until(() -> tenant.count("SELECT count(*) FROM outbox WHERE aggregateid = ? "
                + "AND published_at IS NULL", job.generationJobId()) == 0);
        assertThat(tenant.count("SELECT count(*) FROM outbox WHERE aggregateid = ?", job.generationJobId()))
                .isEqualTo(2);
        assertThat(jobs.claim(job.generationJobId(), UUID.randomUUID(), Duration.ofMinutes(5))).isPresent();
    }

    private long records(String jobId) {
        return captured.stream().filter(r -> jobId.equals(r.key())).count();
    }

    private static boolean published(TestTenant tenant, String jobId) {
        return tenant.count("SELECT count(*) FROM outbox WHERE aggregateid = ? AND published_at IS NULL", jobId) == 0
                && tenant.count("SELECT count(*) FROM generation_jobs WHERE id = ? AND enqueued_at IS NOT NULL",
                        jobId) == 1;
    }

    /** A queued event job with its event, history and outbox rows, as ingest writes them. */
    private String eventJob(TestTenant tenant) {
        UUID eventId = UUID.randomUUID();
        tenant.update("""
                INSERT INTO agent_events (id, team_id, project_id, source_adapter, event_type, payload,
                                          idempotency_key, occurred_at)
                VALUES (?, ?, ?, 'hook', 'tool_use', '{}'::jsonb, ?, now())""",
                eventId, tenant.teamId(), tenant.projectId(), eventId.toString());
        JobPayload job = JobPayload.forEvent(tenant.teamId(), tenant.projectId(), eventId.toString(), null, null,
                null, "hook", "req-" + eventId);
        enqueue(job, null);
        return job.generationJobId();
    }

    private void enqueue(JobPayload job, @Nullable Instant availableAt) {
        ArrayNode rows = JsonNodeFactory.instance.arrayNode();
        EnqueueRows.add(rows, job, null, availableAt);
        assertThat(jdbc.sql(GenerationJobsSql.ENQUEUE_ALL).param("jobs", rows.toString())
                .query((rs, n) -> rs.getString("id")).list()).containsExactly(job.generationJobId());
    }

    private void startConnector() throws Exception {
        Properties configuration = EmbeddedConnector.configuration(DATABASE, "engram-housekeeping-test", slot);
        // offsets outlive a stopped engine, as a Kafka Connect worker keeps them in its offsets topic
        configuration.setProperty("offset.storage", "org.apache.kafka.connect.storage.FileOffsetBackingStore");
        configuration.setProperty("offset.storage.file.filename", offsets.toString());
        configuration.setProperty("offset.flush.interval.ms", "200");
        connector = new EmbeddedConnector(configuration, captured::add);
    }

    private void stopConnector() throws Exception {
        if (connector != null) {
            connector.close();
            connector = null;
        }
        // the slot outlives the connector, as it does when a Kafka Connect worker stops
        await().atMost(ARRIVED).until(() -> {
            try (Connection connection = EmbeddedConnector.superuser(DATABASE);
                    Statement statement = connection.createStatement();
                    var rs = statement.executeQuery("SELECT count(*) FROM pg_replication_slots WHERE active "
                            + "AND slot_name = '" + slot + "'")) {
                return rs.next() && rs.getLong(1) == 0;
            }
        });
    }
}
