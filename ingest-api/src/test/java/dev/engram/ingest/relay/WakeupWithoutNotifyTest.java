package dev.engram.ingest.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.core.testing.TestTenant;
import dev.engram.ingest.IngestApiTest;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/**
 * No commit on the hot path sends a NOTIFY (Postgres serializes notifying commits), yet the relay still
 * publishes a new job at once: its own instance's commits wake it in-process, and other instances wake it
 * with a coalesced NOTIFY of their own. The test context polls the outbox at most every 200 ms.
 */
class WakeupWithoutNotifyTest extends IngestApiTest {

    @Autowired
    private OutboxWakeup wakeup;

    @Autowired
    private OutboxRelay relay;

    @Test
    void noTriggerOrFunctionOfTheSchemaSendsANotification() {
        TestTenant tenant = newTenant();
        assertThat(tenant.count("SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                + "WHERE n.nspname = 'public' AND p.prosrc ILIKE '%pg_notify%'")).isZero();
        assertThat(tenant.count("SELECT count(*) FROM pg_trigger WHERE tgname IN "
                + "('outbox_notify', 'generation_job_finished_notify')")).isZero();
    }

    @Test
    void aJobIsPublishedAtOnceAfterItsCommitNotAtTheNextPoll() {
        TestTenant tenant = newTenant();
        await().atMost(Duration.ofSeconds(10)).until(relay::isActive);
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            // The relay idle until its poll has backed off to its 200 ms ceiling.
            await().atMost(Duration.ofSeconds(5)).until(() -> relay.idleWait().equals(Duration.ofMillis(200)));
            String jobId = post(tenant, "prompt-" + i).get("generationJob").get("id").asString();
            await().atMost(Duration.ofSeconds(5)).until(() -> tenant.count(
                    "SELECT count(*) FROM outbox WHERE aggregateid = ? AND published_at IS NOT NULL", jobId) == 1);
            delays.add(tenant.count("SELECT (extract(epoch FROM published_at - created_at) * 1000)::bigint "
                    + "FROM outbox WHERE aggregateid = ?", jobId));
        }
        // Found by the poll alone, delays would spread over 0-200 ms (median about 100).
        List<Long> sorted = delays.stream().sorted().toList();
        assertThat(sorted.get(sorted.size() / 2)).as("median publish delay in ms of %s", delays).isLessThan(40);
    }

    @Test
    void anInstanceWithoutTheActiveRelaySendsCoalescedNotificationsOutsideItsCommits() throws Exception {
        try (Connection listener = DATABASE.connect(); Statement statement = listener.createStatement()) {
            statement.execute("LISTEN " + RelayLock.CHANNEL);
            wakeup.localRelayActive(false);
            try {
                for (int i = 0; i < 200; i++) {
                    wakeup.rowsCommitted();
                }
                int received = 0;
                long end = System.nanoTime() + Duration.ofMillis(500).toNanos();
                while (System.nanoTime() < end) {
                    PGNotification[] batch = listener.unwrap(PGConnection.class).getNotifications(50);
                    received += batch == null ? 0 : batch.length;
                }
                // The first wake is sent at once, the 199 behind it collapse into one trailing notification.
                assertThat(received).isBetween(1, 2);
            } finally {
                wakeup.localRelayActive(relay.isActive());
            }
        }
    }

    private JsonNode post(TestTenant tenant, String marker) {
        return http.post().uri("/v1/events")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + tenant.apiKey())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(toolUse(tenant.projectId(), marker))
                .exchange()
                .expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }
}
