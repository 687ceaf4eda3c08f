package dev.engram.ingest.background;

import dev.engram.core.store.GenerationJobStore;
import dev.engram.ingest.config.IngestSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Tells waiting requests when their jobs reach a terminal state. While any job is watched, one dedicated
 * session asks, every {@code engram.ingest.wait-poll-interval}, which of the watched jobs are terminal (one
 * primary-key lookup per watched job, however many requests wait); while none is, it asks nothing. This
 * replaces a NOTIFY per finished job: Postgres serializes the commits of every transaction that notified,
 * which would slow every processor's commit.
 */
@Component
public class JobCompletions extends BackgroundLoop {

    private static final Logger log = LoggerFactory.getLogger(JobCompletions.class);
    private static final Duration IDLE_RECHECK = Duration.ofSeconds(1);

    private final DedicatedSessions sessions;
    private final Duration interval;
    private final ConcurrentHashMap<String, Integer> watched = new ConcurrentHashMap<>();
    private final Sinks.Many<String> finished = Sinks.many().multicast().directBestEffort();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition firstWatcher = lock.newCondition();

    JobCompletions(DedicatedSessions sessions, IngestSettings settings) {
        super("engram-job-completions", IDLE_RECHECK.multipliedBy(3));
        this.sessions = sessions;
        this.interval = settings.waitPollInterval();
    }

    /**
     * Emits {@code jobId} once it is terminal (possibly more than once; take the first), for as long as the
     * subscriber stays subscribed.
     */
    public Flux<String> finished(String jobId) {
        return finished.asFlux()
                .filter(jobId::equals)
                .doOnSubscribe(subscription -> watch(jobId))
                .doFinally(signal -> unwatch(jobId));
    }

    private void watch(String jobId) {
        watched.merge(jobId, 1, Integer::sum);
        lock.lock();
        try {
            firstWatcher.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void unwatch(String jobId) {
        watched.computeIfPresent(jobId, (id, count) -> count == 1 ? null : count - 1);
    }

    @Override
    protected void loop() {
        while (isRunning()) {
            try (Connection connection = sessions.open("engram-job-completions")) {
                GenerationJobStore jobs = new GenerationJobStore(
                        JdbcClient.create(new SingleConnectionDataSource(connection, true)));
                while (isRunning()) {
                    if (watched.isEmpty()) {
                        awaitWatcher();
                        continue;
                    }
                    jobs.terminalAmong(watched.keySet()).forEach(finished::tryEmitNext);
                    pause(interval);
                }
            } catch (SQLException | RuntimeException e) {
                if (isRunning()) {
                    // Waiters re-read their job at their deadline, so a gap here delays answers but loses none.
                    log.warn("job completion poller lost its session; reconnecting", e);
                    pause(IDLE_RECHECK);
                }
            }
        }
    }

    private void awaitWatcher() {
        lock.lock();
        try {
            if (watched.isEmpty()) {
                firstWatcher.awaitNanos(IDLE_RECHECK.toNanos());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }
}
