package dev.engram.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.core.job.JobPayload;
import dev.engram.core.job.ReindexScope;
import dev.engram.core.testing.TestDatabase;
import dev.engram.core.testing.TestTenant;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The relay's mark ({@code MARK_RELAYED}) and a processor's claim ({@code CLAIM_ALL}) of the same jobs at the same
 * moment, as they meet when a record reaches a processor before the relay committed its mark: whichever locks the
 * jobs first, the other waits for it (both lock in id order), nothing fails, and each job ends with its publish and
 * its claim each recorded once. (A version of the relay that skipped locked jobs failed here with Postgres's
 * "ModifyTable should not be called during EvalPlanQual": see docs/benchmarks.md, 2026-12-06.)
 */
class RelayAndClaimRaceTest {

    private static final TestDatabase DATABASE = TestDatabase.fresh("core_relay_claim");
    private static final Duration LEASE = Duration.ofMinutes(5);

    @Test
    void aRelayMarkAndAClaimOfTheSameJobsAtOnceFailNothingAndRecordEachOnce() throws Exception {
        TestTenant tenant = TestTenant.create(DATABASE);
        List<List<String>> batches = new ArrayList<>();
        try (Connection writer = DATABASE.connect()) {
            for (int b = 0; b < 40; b++) {
                List<String> batch = new ArrayList<>();
                for (int j = 0; j < 10; j++) {
                    batch.add(enqueue(tenant, writer));
                }
                batches.add(batch);
            }
        }
        Random random = new Random(42);
        CyclicBarrier together = new CyclicBarrier(2);
        try (Connection relay = DATABASE.connect(); Connection processor = DATABASE.connect()) {
            CompletableFuture<Void> relaying = CompletableFuture.runAsync(() -> {
                OutboxStore outbox = store(relay, OutboxStore::new);
                GenerationJobStore marks = store(relay, GenerationJobStore::new);
                for (List<String> batch : batches) {
                    List<OutboxRow> rows = outbox.claimDue(1_000).stream()
                            .filter(row -> batch.contains(row.jobId())).toList();
                    meet(together);
                    marks.markRelayed(rows.stream().map(OutboxRow::id).toList(),
                            rows.stream().map(OutboxRow::jobId).toList());
                }
            });
            CompletableFuture<Void> claiming = CompletableFuture.runAsync(() -> {
                GenerationJobStore claims = store(processor, GenerationJobStore::new);
                for (List<String> batch : batches) {
                    List<String> shuffled = new ArrayList<>(batch);
                    Collections.shuffle(shuffled, random);
                    meet(together);
                    assertThat(claims.claimAll(shuffled, UUID.randomUUID(), LEASE)).hasSize(batch.size());
                }
            });
            CompletableFuture.allOf(relaying, claiming).get(60, TimeUnit.SECONDS);
        }

        for (List<String> batch : batches) {
            for (String jobId : batch) {
                assertThat(tenant.text("SELECT string_agg(event_type, ',' ORDER BY event_type) "
                        + "FROM generation_job_events WHERE job_id = ?", jobId))
                        .as(jobId).isEqualTo("enqueued,processing,queued");
            }
        }
        assertThat(tenant.count("SELECT count(*) FROM generation_jobs WHERE team_id = ? AND status = 'processing' "
                + "AND attempts = 1 AND enqueued_at IS NOT NULL", tenant.teamId())).isEqualTo(400);
        assertThat(tenant.count("SELECT count(*) FROM outbox o JOIN generation_jobs g ON g.id = o.aggregateid "
                + "WHERE g.team_id = ? AND o.published_at IS NULL", tenant.teamId())).isZero();
    }

    private static void meet(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A queued job with its outbox row, as ingest writes them; its id. */
    private static String enqueue(TestTenant tenant, Connection connection) {
        JobPayload payload = JobPayload.forReindex(tenant.teamId(), tenant.projectId(),
                new ReindexScope(UUID.randomUUID(), UUID.randomUUID(), 1), null, null);
        assertThat(store(connection, GenerationJobStore::new).enqueueAll(List.of(payload)))
                .containsExactly(payload.generationJobId());
        return payload.generationJobId();
    }

    private static <T> T store(Connection connection, Function<JdbcClient, T> owner) {
        return owner.apply(JdbcClient.create(new SingleConnectionDataSource(connection, true)));
    }
}
