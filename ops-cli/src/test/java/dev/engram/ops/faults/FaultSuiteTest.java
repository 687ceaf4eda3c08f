package dev.engram.ops.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.core.testing.TestTenant;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fault suite of docs/reliability.md: Engram as separate processes ({@link FaultStack}), events flowing from an
 * agent-like client ({@link EventLoad}), and a fault injected from outside each time — SIGKILL of each process, the
 * broker away, Postgres crashed and restarted. Every test ends by counting: each accepted event is one event row, one
 * completed job and one set of observations; nothing failed, nothing is left over. Sizes come from system properties
 * ({@code engram.faults.*}); the {@code faults-long} profile runs the 10,000-event version.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteTest {

    private static final int EVENTS = Integer.getInteger("engram.faults.events", 1_500);
    private static final int RATE = Integer.getInteger("engram.faults.rate", 50);
    private static final Duration KAFKA_AWAY = Duration.ofSeconds(Long.getLong("engram.faults.kafka-away-seconds", 60));
    private static final long SEED = Long.getLong("engram.faults.seed", System.nanoTime());
    private static final Duration DRAIN = Duration.ofMinutes(4);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Kept after the run: each process's log (all its restarts) is there when a count is off. */
    private final Path dir = Path.of("target", "faults");
    private FaultStack stack;

    @BeforeAll
    void startTheStack() throws IOException {
        deleteRecursively(dir);
        System.out.println("fault suite (logs in " + dir.toAbsolutePath() + "): " + EVENTS + " events at " + RATE + "/s, Kafka away " + KAFKA_AWAY.toSeconds()
                + " s, seed " + SEED + " (-Dengram.faults.seed=" + SEED + " repeats the kill times)");
        stack = FaultStack.start(dir);
    }

    @AfterAll
    void stopTheStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void everyProcessKilledAtARandomMomentLosesAndDuplicatesNothing() throws Exception {
        TestTenant tenant = TestTenant.create(stack.database);
        Random random = new Random(SEED);
        List<AppProcess> victims = List.of(stack.ingest, stack.generation, stack.summary, stack.generationTwo);
        List<String> done = new ArrayList<>();
        List<Thread> restarts = new ArrayList<>();
        try (EventLoad load = new EventLoad(stack.baseUrl(), tenant.apiKey(), tenant.projectId(), EVENTS, RATE)) {
            long started = System.nanoTime();
            load.start();
            long window = load.sendingTime().toNanos();
            for (int i = 0; i < victims.size(); i++) {
                // spread over the sending time, each at a random point of its own slice; each process is started
                // again at once, beside the others (the two generation processors rebalance on every change)
                long at = started + window * i / victims.size()
                        + (long) (random.nextDouble() * window / victims.size() * 0.8);
                awaitInstant(at);
                AppProcess victim = victims.get(i);
                victim.kill();
                done.add(victim.name() + " at " + (System.nanoTime() - started) / 1_000_000 + " ms (" + load.sent()
                        + " sent)");
                Thread restart = new Thread(victim::start, "restart-" + victim.name());
                restart.start();
                restarts.add(restart);
            }
            for (Thread restart : restarts) {
                restart.join(Duration.ofMinutes(3).toMillis());
            }
            assertThat(victims).allSatisfy(victim -> assertThat(victim.alive()).as(victim.name()).isTrue());
            assertThat(load.awaitSettled(DRAIN)).as("every event accepted or given up").isTrue();
            System.out.println("killed: " + done);
            assertAnswers(load, Set.of(201, 200, 503, EventLoad.REFUSED, EventLoad.TIMED_OUT));
            assertEachAcceptedEventBecameOneSetOfObservations(tenant, load);
        }
    }

    @Test
    @Order(2)
    void kafkaAwayForAMinuteWhileEventsArriveLosesNothingAndHealthSaysSo() throws Exception {
        TestTenant tenant = TestTenant.create(stack.database);
        int perSecond = 20;
        int events = (int) (perSecond * (KAFKA_AWAY.toSeconds() + 20));
        Map<String, Set<String>> seen = new ConcurrentHashMap<>();
        try (EventLoad load = new EventLoad(stack.baseUrl(), tenant.apiKey(), tenant.projectId(), events, perSecond)) {
            load.start();
            awaitFor(Duration.ofSeconds(5));
            stack.broker.kill();
            long away = System.nanoTime();
            while (System.nanoTime() - away < KAFKA_AWAY.toNanos()) {
                recordHealth(seen);
                awaitFor(Duration.ofSeconds(2));
            }
            stack.broker.start();
            assertThat(load.awaitSettled(DRAIN)).isTrue();
            // the API answered every event at its first attempt while the broker was away
            assertThat(load.attempts()).allSatisfy(attempt -> assertThat(attempt.status()).isIn(200, 201));
            assertThat(load.events()).allSatisfy(event -> assertThat(event.attempts).hasSize(1));
            assertEachAcceptedEventBecameOneSetOfObservations(tenant, load);
        }
        assertThat(seen.get("kafka")).as("kafka health while the broker was away").contains("DOWN");
        assertThat(seen.get("outbox")).as("outbox health while the broker was away").containsAnyOf("DEGRADED", "DOWN");
        await().atMost(Duration.ofMinutes(1)).until(() -> {
            Map<String, Set<String>> now = new ConcurrentHashMap<>();
            recordHealth(now);
            return Set.of("UP").equals(now.get("outbox")) && Set.of("UP").equals(now.get("kafka"));
        });
    }

    @Test
    @Order(3)
    void postgresCrashedUnderLoadFailsRequestsFastWith503AndRecoversByItself() throws Exception {
        TestTenant tenant = TestTenant.create(stack.database);
        try (EventLoad load = new EventLoad(stack.baseUrl(), tenant.apiKey(), tenant.projectId(), 1_200, 30)) {
            load.start();
            awaitFor(Duration.ofSeconds(10));
            // immediate, as a crash: no shutdown checkpoint, every open transaction cut, crash recovery at start
            postgres("stop", "-m", "immediate");
            try {
                awaitFor(Duration.ofSeconds(5));
            } finally {
                // whatever happens, the machine's Postgres is left running
                postgres("start");
            }
            assertThat(load.awaitSettled(DRAIN)).isTrue();

            List<EventLoad.Attempt> refused = load.attempts().stream().filter(a -> a.status() == 503).toList();
            assertThat(refused).as("requests while Postgres was down").isNotEmpty()
                    .allSatisfy(attempt -> {
                        assertThat(attempt.contentType()).startsWith("application/problem+json");
                        assertThat(attempt.body()).contains("\"status\":503").doesNotContain("Exception")
                                .doesNotContain("\tat ");
                        assertThat(attempt.millis()).as("a refused request fails fast").isLessThan(5_000);
                    });
            assertAnswers(load, Set.of(201, 200, 503));
            assertEachAcceptedEventBecameOneSetOfObservations(tenant, load);
        }
        for (AppProcess app : List.of(stack.ingest, stack.generation, stack.generationTwo, stack.summary)) {
            assertThat(app.alive()).as(app.name() + " recovered by itself").isTrue();
        }
    }

    /** No event given up, no answer outside {@code allowed} (so no 500), and every accepted one counted once. */
    private static void assertAnswers(EventLoad load, Set<Integer> allowed) {
        Map<Integer, Long> statuses = load.attempts().stream()
                .collect(Collectors.groupingBy(EventLoad.Attempt::status, TreeMap::new, Collectors.counting()));
        System.out.println("answers by status: " + statuses);
        assertThat(load.events()).allSatisfy(event -> assertThat(event.gaveUp).as(event.marker).isFalse());
        assertThat(statuses.keySet()).isSubsetOf(allowed);
    }

    private void assertEachAcceptedEventBecameOneSetOfObservations(TestTenant tenant, EventLoad load) {
        long accepted = load.events().stream().filter(e -> e.accepted).count();
        String project = tenant.projectId();
        await().atMost(DRAIN).pollInterval(Duration.ofSeconds(1)).until(() -> tenant.count(
                "SELECT count(*) FROM generation_jobs WHERE project_id = ? AND status IN ('queued', 'processing')",
                project) == 0 && tenant.count("SELECT count(*) FROM generation_jobs WHERE project_id = ?", project)
                        == accepted);
        assertThat(tenant.count("SELECT count(*) FROM agent_events WHERE project_id = ?", project))
                .as("one event row per accepted event").isEqualTo(accepted);
        assertThat(tenant.count("SELECT count(DISTINCT payload->>'tool_response') FROM agent_events "
                + "WHERE project_id = ?", project)).isEqualTo(accepted);
        assertThat(tenant.count("SELECT count(*) FROM generation_jobs WHERE project_id = ? AND status = 'completed'",
                project)).as("every job completed, none failed").isEqualTo(accepted);
        assertThat(tenant.count("SELECT count(DISTINCT created_by_job_id) FROM observations WHERE project_id = ?",
                project)).as("every job has observations").isEqualTo(accepted);
        // the same tool use always makes the same number of observations: a job run twice would show more
        assertThat(tenant.count("""
                SELECT count(DISTINCT n) FROM (SELECT count(*) AS n FROM observations WHERE project_id = ?
                                                GROUP BY created_by_job_id) per_job""", project))
                .as("one set of observations per job").isOne();
        assertThat(tenant.count("SELECT count(*) FROM outbox o JOIN generation_jobs j ON j.id = o.aggregateid "
                + "WHERE j.project_id = ? AND o.published_at IS NULL", project)).as("nothing left unpublished").isZero();
    }

    private void recordHealth(Map<String, Set<String>> seen) {
        HttpResponse<String> health = stack.ingest.get("/actuator/health");
        if (health == null) {
            return;
        }
        JsonNode components = JSON.readTree(health.body()).path("components");
        for (String component : List.of("outbox", "kafka")) {
            String status = components.path(component).path("status").asString("");
            if (!status.isEmpty()) {
                seen.computeIfAbsent(component, k -> ConcurrentHashMap.newKeySet()).add(status);
            }
        }
    }

    /**
     * Runs {@code pg_ctlcluster <version> main <action>} as .ci/run does (the version is the one cluster under
     * /etc/postgresql, or ENGRAM_FAULTS_PG_CLUSTER, e.g. "15 main").
     */
    private static void postgres(String... action) throws IOException, InterruptedException {
        String cluster = System.getenv("ENGRAM_FAULTS_PG_CLUSTER");
        if (cluster == null) {
            try (var versions = java.nio.file.Files.list(Path.of("/etc/postgresql"))) {
                cluster = versions.map(v -> v.getFileName().toString()).sorted().reduce((a, b) -> b).orElseThrow()
                        + " main";
            }
        }
        List<String> command = new ArrayList<>(List.of("pg_ctlcluster", "--skip-systemctl-redirect"));
        command.addAll(List.of(cluster.split(" ")));
        command.addAll(List.of(action));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (java.nio.file.Files.exists(root)) {
            try (var paths = java.nio.file.Files.walk(root)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    java.nio.file.Files.delete(path);
                }
            }
        }
    }

    private static void awaitFor(Duration duration) {
        awaitInstant(System.nanoTime() + duration.toNanos());
    }

    /** Waits until {@code System.nanoTime()} reaches {@code instant}: the suite's clock for injecting faults. */
    private static void awaitInstant(long instant) {
        long left = instant - System.nanoTime();
        if (left > 0) {
            await().pollDelay(Duration.ofNanos(left)).atMost(Duration.ofNanos(left).plusSeconds(5)).until(() -> true);
        }
    }
}
