package dev.engram.ingest.relay;

import dev.engram.core.settings.JobSettings;
import dev.engram.core.store.GenerationJobStore;
import dev.engram.core.store.OutboxRow;
import dev.engram.core.store.OutboxStore;
import dev.engram.ingest.background.BackgroundLoop;
import dev.engram.ingest.background.DedicatedSessions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Component;

/**
 * Moves outbox rows to Kafka. One dedicated thread holds one JDBC session that owns a session-level
 * advisory lock (so exactly one relay is active across all instances; standbys keep trying) and
 * LISTENs for the outbox trigger's notifications, polling as a fallback. Rows are marked published
 * only after the broker acknowledged them, in the transaction that claimed them; a crash in between
 * re-sends them, which processors absorb because a record is only a hint. See docs/adr/0001.
 */
@Component
@ConditionalOnProperty(prefix = "engram.relay", name = "enabled", havingValue = "true", matchIfMissing = true)
public class OutboxRelay extends BackgroundLoop {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final DedicatedSessions sessions;
    private final RelaySettings settings;
    private final Duration processingLease;
    private final OutboxPublisher publisher;
    private final Counter published;
    private final Counter republished;

    private volatile boolean active;
    private long lastMaintenance;

    OutboxRelay(DedicatedSessions sessions, RelaySettings settings, JobSettings jobs, OutboxPublisher publisher,
            MeterRegistry meters) {
        super("engram-outbox-relay", settings.pollInterval().multipliedBy(3).plusSeconds(5));
        this.sessions = sessions;
        this.settings = settings;
        this.processingLease = jobs.processingLease();
        this.publisher = publisher;
        this.published = Counter.builder("engram.relay.published").description("outbox rows published to Kafka")
                .register(meters);
        this.republished = Counter.builder("engram.relay.republished")
                .description("stranded jobs given a fresh outbox row").register(meters);
    }

    /** Whether this instance currently holds the relay lock. */
    public boolean isActive() {
        return active;
    }

    @Override
    protected void loop() {
        while (isRunning()) {
            try (Connection connection = connect()) {
                if (!RelayLock.tryLock(connection, settings.lockKey())) {
                    pause(settings.pollInterval());
                    continue;
                }
                RelayLock.listen(connection);
                active = true;
                log.info("outbox relay active");
                relayWhileRunning(connection, new Session(connection));
            } catch (SQLException | RuntimeException e) {
                if (isRunning()) {
                    log.warn("outbox relay session failed; reconnecting", e);
                    pause(settings.pollInterval());
                }
            } finally {
                active = false;
            }
        }
    }

    private void relayWhileRunning(Connection connection, Session session) throws SQLException {
        PGConnection notifications = connection.unwrap(PGConnection.class);
        while (isRunning()) {
            int sent = relayBatch(connection, session);
            maintainIfDue(session);
            if (sent < settings.batchSize()) {
                // Blocks until a NOTIFY arrives or the poll interval passes; drains every pending one.
                notifications.getNotifications((int) Math.max(1, settings.pollInterval().toMillis()));
            }
        }
    }

    /** Claims, sends and marks one batch in one transaction; returns how many rows were published. */
    private int relayBatch(Connection connection, Session session) throws SQLException {
        connection.setAutoCommit(false);
        try {
            List<OutboxRow> batch = session.outbox().claimDue(settings.batchSize());
            if (!batch.isEmpty()) {
                publisher.publish(batch);
                session.outbox().markPublished(batch);
                session.jobs().markEnqueued(batch.stream().map(OutboxRow::jobId).distinct().toList());
            }
            connection.commit();
            published.increment(batch.size());
            return batch.size();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private void maintainIfDue(Session session) {
        long now = System.nanoTime();
        if (lastMaintenance != 0 && now - lastMaintenance < settings.reconcileInterval().toNanos()) {
            return;
        }
        lastMaintenance = now;
        int stranded = session.outbox().republishStranded(settings.republishAfter(), processingLease,
                settings.batchSize());
        if (stranded > 0) {
            log.info("re-published {} job(s) that were queued or processing without reaching Kafka", stranded);
            republished.increment(stranded);
        }
        session.outbox().deletePublishedBefore(settings.retention());
    }

    private Connection connect() throws SQLException {
        return sessions.open("engram-outbox-relay");
    }

    /**
     * Core's JDBC owners of {@code outbox} and {@code generation_jobs}, on the relay's one session: they run
     * inside the transactions the relay opens and commits on that connection itself.
     */
    private record Session(OutboxStore outbox, GenerationJobStore jobs) {

        Session(Connection connection) {
            this(JdbcClient.create(new SingleConnectionDataSource(connection, true)));
        }

        private Session(JdbcClient jdbc) {
            this(new OutboxStore(jdbc), new GenerationJobStore(jdbc));
        }
    }
}
