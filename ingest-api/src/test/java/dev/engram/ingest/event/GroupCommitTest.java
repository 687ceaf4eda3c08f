package dev.engram.ingest.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.core.testing.TestTenant;
import dev.engram.ingest.IngestApiTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/**
 * Group commit, made deterministic: the test holds a lock on {@code audit_log} (the last table an ingest
 * commit writes), so the first commits stop inside their transactions and every request sent meanwhile
 * queues for the next commit; releasing the lock lets them all go.
 */
class GroupCommitTest extends IngestApiTest {

    private static final ExecutorService CLIENTS = Executors.newFixedThreadPool(48);

    @Autowired
    private MeterRegistry meters;

    @BeforeAll
    static void poisonTrigger() throws SQLException {
        // A request the database refuses, whatever the API's own checks let through.
        execute("""
                CREATE OR REPLACE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'poisoned event'; END $$;
                CREATE TRIGGER refuse_poison BEFORE INSERT ON agent_events FOR EACH ROW
                    WHEN (NEW.event_type = 'poison') EXECUTE FUNCTION refuse_poison();
                """);
    }

    @AfterAll
    static void dropPoisonTrigger() throws SQLException {
        execute("DROP TRIGGER refuse_poison ON agent_events; DROP FUNCTION refuse_poison();");
        CLIENTS.shutdownNow();
    }

    @Test
    void concurrentRequestsShareACommitAndEachIsAnsweredWithItsOwnEventOnlyAfterIt() throws Exception {
        TestTenant tenant = newTenant();
        double commitsBefore = commits();
        List<CompletableFuture<Answer>> answers;
        try (Connection lock = lockAuditLog()) {
            answers = IntStream.range(0, 40)
                    .mapToObj(i -> send(tenant, toolUse(tenant.projectId(), "shared-" + i)))
                    .toList();
            awaitQueued(38);
            // While the commits are held, no request is answered.
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                    .until(() -> answers.stream().noneMatch(CompletableFuture::isDone));
            lock.rollback();
        }
        for (int i = 0; i < answers.size(); i++) {
            Answer answer = answers.get(i).join();
            assertThat(answer.status()).isEqualTo(201);
            assertThat(answer.body().get("event").get("payload").get("tool_response").asString())
                    .isEqualTo("ok shared-" + i);
        }
        assertThat(answers.stream().map(a -> a.join().body().get("event").get("id").asString()).distinct())
                .hasSize(40);
        // Two commits were held by the lock; the 38 requests queued behind them went in one or two more.
        assertThat(commits() - commitsBefore).isLessThanOrEqualTo(4);
        assertThat(tenant.count("SELECT count(*) FROM agent_events WHERE team_id = ?", tenant.teamId())).isEqualTo(40);
        assertThat(tenant.count("SELECT count(*) FROM generation_jobs WHERE team_id = ?", tenant.teamId())).isEqualTo(40);
        assertThat(tenant.count("SELECT count(*) FROM outbox o JOIN generation_jobs j ON j.id = o.aggregateid "
                + "WHERE j.team_id = ?", tenant.teamId())).isEqualTo(40);
        assertThat(tenant.count("SELECT count(*) FROM audit_log WHERE team_id = ? AND action = 'event.received'",
                tenant.teamId())).isEqualTo(40);
    }

    @Test
    void anIdempotentRepeatInTheSameCommitAsItsOriginalGetsTheSameEvent() throws Exception {
        TestTenant tenant = newTenant();
        String body = toolUse(tenant.projectId(), "twice");
        List<CompletableFuture<Answer>> answers = new ArrayList<>();
        try (Connection lock = lockAuditLog()) {
            answers.add(send(tenant, toolUse(tenant.projectId(), "first")));
            answers.add(send(tenant, toolUse(tenant.projectId(), "second")));
            awaitQueued(0);
            answers.add(send(tenant, body));
            answers.add(send(tenant, body));
            answers.add(send(tenant, body));
            awaitQueued(3);
            lock.rollback();
        }
        List<Answer> repeats = answers.subList(2, 5).stream().map(CompletableFuture::join).toList();
        assertThat(repeats).allMatch(answer -> answer.status() == 201);
        assertThat(repeats.stream().map(a -> a.body().get("event").get("id").asString()).distinct()).hasSize(1);
        assertThat(repeats.stream().map(a -> a.body().get("generationJob").get("id").asString()).distinct()).hasSize(1);
        assertThat(tenant.count("SELECT count(*) FROM agent_events WHERE team_id = ?", tenant.teamId())).isEqualTo(3);
        assertThat(tenant.count("SELECT count(*) FROM outbox o JOIN generation_jobs j ON j.id = o.aggregateid "
                + "WHERE j.team_id = ?", tenant.teamId())).isEqualTo(3);
    }

    @Test
    void oneRequestTheDatabaseRefusesFailsAloneAndItsNeighboursAreWritten() throws Exception {
        TestTenant tenant = newTenant();
        List<CompletableFuture<Answer>> good = new ArrayList<>();
        CompletableFuture<Answer> poisoned;
        try (Connection lock = lockAuditLog()) {
            good.add(send(tenant, toolUse(tenant.projectId(), "before-1")));
            good.add(send(tenant, toolUse(tenant.projectId(), "before-2")));
            awaitQueued(0);
            for (int i = 0; i < 5; i++) {
                good.add(send(tenant, toolUse(tenant.projectId(), "neighbour-" + i)));
            }
            poisoned = send(tenant, toolUse(tenant.projectId(), "bad").replace("\"tool_use\"", "\"poison\""));
            awaitQueued(6);
            lock.rollback();
        }
        assertThat(good).allMatch(answer -> answer.join().status() == 201);
        Answer refused = poisoned.join();
        assertThat(refused.status()).isEqualTo(500);
        assertThat(refused.body().get("detail").asString()).startsWith("Internal error; quote request id");
        assertThat(tenant.count("SELECT count(*) FROM agent_events WHERE team_id = ?", tenant.teamId())).isEqualTo(7);
        assertThat(tenant.count("SELECT count(*) FROM generation_jobs WHERE team_id = ?", tenant.teamId())).isEqualTo(7);
        assertThat(tenant.count("SELECT count(*) FROM audit_log WHERE team_id = ? AND action = 'event.received'",
                tenant.teamId())).isEqualTo(7);
        assertThat(tenant.count("SELECT count(*) FROM agent_events WHERE team_id = ? AND event_type = 'poison'",
                tenant.teamId())).isZero();
    }

    @Test
    void aCommitWhoseSessionDiesMidTransactionWritesNothingHalfAndEveryAnswerMatchesTheRows() throws Exception {
        TestTenant tenant = newTenant();
        List<CompletableFuture<Answer>> answers;
        try (Connection lock = lockAuditLog()) {
            answers = IntStream.range(0, 12)
                    .mapToObj(i -> send(tenant, toolUse(tenant.projectId(), "crash-" + i)))
                    .toList();
            awaitQueued(10);
            // The held commits have written their events and jobs and wait on the lock: kill their sessions.
            try (Statement statement = lock.createStatement()) {
                statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        + "WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()");
            }
            lock.rollback();
        }
        List<Answer> done = answers.stream().map(CompletableFuture::join).toList();
        long written = done.stream().filter(answer -> answer.status() == 201).count();
        assertThat(written).isGreaterThanOrEqualTo(10);
        assertThat(tenant.count("SELECT count(*) FROM agent_events WHERE team_id = ?", tenant.teamId()))
                .isEqualTo(written);
        assertThat(tenant.count("SELECT count(*) FROM generation_jobs WHERE team_id = ?", tenant.teamId()))
                .isEqualTo(written);
        assertThat(tenant.count("SELECT count(*) FROM outbox o JOIN generation_jobs j ON j.id = o.aggregateid "
                + "WHERE j.team_id = ?", tenant.teamId())).isEqualTo(written);
        assertThat(tenant.count("SELECT count(*) FROM audit_log WHERE team_id = ? AND action = 'event.received'",
                tenant.teamId())).isEqualTo(written);
    }

    private CompletableFuture<Answer> send(TestTenant tenant, String body) {
        return CompletableFuture.supplyAsync(() -> {
            var result = http.mutate().responseTimeout(Duration.ofSeconds(30)).build()
                    .post().uri("/v1/events")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + tenant.apiKey())
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(body)
                    .exchange()
                    .expectBody(JsonNode.class).returnResult();
            return new Answer(result.getStatus().value(), result.getResponseBody());
        }, CLIENTS);
    }

    /** Waits until the two commit slots are held by the lock and {@code queued} requests wait behind them. */
    private static void awaitQueued(int queued) {
        await().atMost(Duration.ofSeconds(20)).until(() -> lockWaiters() == 2);
        // Requests queue in memory, invisible to Postgres: give them time to arrive.
        await().pollDelay(Duration.ofMillis(queued == 0 ? 0 : 500)).atMost(Duration.ofSeconds(5)).until(() -> true);
    }

    private double commits() {
        return meters.get("engram.ingest.commit.requests").summary().count();
    }

    private static Connection lockAuditLog() throws SQLException {
        Connection connection = DATABASE.connect();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("LOCK TABLE audit_log IN EXCLUSIVE MODE");
        }
        return connection;
    }

    private static long lockWaiters() throws SQLException {
        try (Connection connection = DATABASE.connect(); Statement statement = connection.createStatement();
                var rows = statement.executeQuery("SELECT count(*) FROM pg_stat_activity "
                        + "WHERE datname = current_database() AND wait_event_type = 'Lock'")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = DATABASE.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private record Answer(int status, JsonNode body) {
    }
}
