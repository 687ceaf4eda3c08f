package dev.engram.ingest.relay;

import dev.engram.core.settings.JobSettings;
import dev.engram.core.store.GenerationJobStore;
import dev.engram.core.store.OutboxRow;
import dev.engram.core.store.OutboxStore;
import dev.engram.ingest.background.BackgroundLoop;
import dev.engram.ingest.background.DedicatedSessions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Component;

/**
 * Moves outbox rows to Kafka. One dedicated thread holds one JDBC session that owns a session-level
 * advisory lock (so exactly one relay is active across all instances; standbys keep trying). It is woken
 * by {@link OutboxWakeup}: in-process by the commits of its own instance, by a NOTIFY (sent outside their
 * commits, coalesced) from other instances; an adaptive poll, fast after rows were found and backing off to
 * {@code poll-interval} when idle, is the floor for writers that tell nobody. Rows are marked published
 * only after the broker acknowledged them, in the transaction that claimed them; a crash in between
 * re-sends them, which processors absorb because a record is only a hint. See docs/adr/0001.
 *
 * <p>With {@code engram.relay.publisher=connector} a Kafka Connect connector publishes instead, and the active relay
 * keeps house: it confirms what the connector's slot has streamed ({@link ConnectorConfirmations}), re-issues
 * debounce rows once due, reconciles and cleans up as before (ADR 0011).
 */
@Component
@ConditionalOnProperty(prefix = "engram.relay", name = "enabled", havingValue = "true", matchIfMissing = true)
public class OutboxRelay extends BackgroundLoop {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    /** The shortest poll, right after rows were found. */
    private static final Duration BUSY_POLL = Duration.ofMillis(10);
    /** How often a wait also looks for other instances' notifications. */
    private static final Duration NOTIFICATION_CHECK = Duration.ofMillis(20);

    private final DedicatedSessions sessions;
    private final RelaySettings settings;
    private final Duration processingLease;
    private final OutboxPublisher publisher;
    private final OutboxWakeup wakeup;
    private final ConnectorConfirmations confirmations;
    private final Counter published;
    private final Counter republished;
    private final DistributionSummary batchSizes;
    private final Timer publishedBatches;
    private final Timer failedBatches;
    /** How long the relay's next wait for rows may last: short after rows were found, up to the poll interval. */
    private volatile Duration idleWait = BUSY_POLL;

    private volatile boolean active;
    private long lastMaintenance;

    OutboxRelay(DedicatedSessions sessions, RelaySettings settings, JobSettings jobs, OutboxPublisher publisher,
            OutboxWakeup wakeup, MeterRegistry meters) {
        super("engram-outbox-relay", settings.pollInterval().multipliedBy(3).plusSeconds(5));
        this.sessions = sessions;
        this.settings = settings;
        this.processingLease = jobs.processingLease();
        this.publisher = publisher;
        this.wakeup = wakeup;
        this.confirmations = new ConnectorConfirmations(settings);
        this.published = Counter.builder("engram.relay.published")
                .description("outbox rows published to Kafka (by the connector: confirmed as published)")
                .register(meters);
        this.republished = Counter.builder("engram.relay.republished")
                .description("stranded jobs given a fresh outbox row").register(meters);
        this.batchSizes = DistributionSummary.builder("engram.relay.batch.size")
                .description("outbox rows per batch the relay published").register(meters);
        this.publishedBatches = publishTimer(meters, "success");
        this.failedBatches = publishTimer(meters, "failure");
    }

    private static Timer publishTimer(MeterRegistry meters, String outcome) {
        return Timer.builder("engram.relay.publish")
                .description("sending a batch to Kafka until every record was acknowledged")
                .tag("outcome", outcome)
                .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(25), Duration.ofMillis(100),
                        Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(10))
                .register(meters);
    }

    /** Whether this instance currently holds the relay lock. */
    public boolean isActive() {
        return active;
    }

    /** How long the relay's next wait for rows may last; the poll interval once it has backed off while idle. */
    Duration idleWait() {
        return idleWait;
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
                wakeup.localRelayActive(true);
                if (settings.publisher() == RelaySettings.Publisher.CONNECTOR) {
                    log.info("outbox relay active, keeping house: the connector on slot {} publishes",
                            settings.connectorSlot());
                } else {
                    log.info("outbox relay active");
                }
                relayWhileRunning(connection, new Session(connection));
            } catch (SQLException | RuntimeException e) {
                if (isRunning()) {
                    log.warn("outbox relay session failed; reconnecting", e);
                    pause(settings.pollInterval());
                }
            } finally {
                active = false;
                wakeup.localRelayActive(false);
            }
        }
    }

    private void relayWhileRunning(Connection connection, Session session) throws SQLException {
        PGConnection notifications = connection.unwrap(PGConnection.class);
        Duration idle = BUSY_POLL;
        while (isRunning()) {
            int sent = settings.publisher() == RelaySettings.Publisher.CONNECTOR
                    ? confirmPass(connection, session)
                    : relayBatch(connection, session);
            int republished = maintainIfDue(session);
            if (sent >= settings.batchSize() || republished > 0) {
                idle = BUSY_POLL;
                continue;
            }
            if (sent > 0) {
                idle = BUSY_POLL;
            }
            idleWait = idle;
            boolean woken = awaitRows(notifications, idle);
            idle = woken ? BUSY_POLL : min(idle.multipliedBy(2), settings.pollInterval());
        }
    }

    /** Waits up to {@code timeout} for a commit of this instance or a notification from another one. */
    private boolean awaitRows(PGConnection notifications, Duration timeout) throws SQLException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (isRunning()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                if (wakeup.awaitRows(min(Duration.ofNanos(left), NOTIFICATION_CHECK))) {
                    return true;
                }
                PGNotification[] received = notifications.getNotifications(1);
                if (received != null && received.length > 0) {
                    return true;
                }
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Claims, sends and marks one batch in one transaction; returns how many rows were published. */
    private int relayBatch(Connection connection, Session session) throws SQLException {
        connection.setAutoCommit(false);
        try {
            List<OutboxRow> batch = session.outbox().claimDue(settings.batchSize());
            if (!batch.isEmpty()) {
                long sending = System.nanoTime();
                try {
                    publisher.publish(batch);
                } catch (RuntimeException e) {
                    failedBatches.record(System.nanoTime() - sending, TimeUnit.NANOSECONDS);
                    throw e;
                }
                publishedBatches.record(System.nanoTime() - sending, TimeUnit.NANOSECONDS);
                batchSizes.record(batch.size());
                session.jobs().markRelayed(batch.stream().map(OutboxRow::id).toList(),
                        batch.stream().map(OutboxRow::jobId).toList());
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

    /** One {@link ConnectorConfirmations} pass in one transaction; returns how many rows it marked or re-issued. */
    private int confirmPass(Connection connection, Session session) throws SQLException {
        connection.setAutoCommit(false);
        try {
            int marked = confirmations.pass(session.outbox(), session.jobs());
            connection.commit();
            published.increment(marked);
            return marked;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** Every {@code reconcile-interval}: re-publishes stranded jobs (returns how many) and drops old rows. */
    private int maintainIfDue(Session session) {
        long now = System.nanoTime();
        if (lastMaintenance != 0 && now - lastMaintenance < settings.reconcileInterval().toNanos()) {
            return 0;
        }
        lastMaintenance = now;
        int stranded = session.outbox().republishStranded(settings.republishAfter(), processingLease,
                settings.batchSize());
        if (stranded > 0) {
            log.info("re-published {} job(s) that were queued or processing without reaching Kafka", stranded);
            republished.increment(stranded);
        }
        session.outbox().deletePublishedBefore(settings.retention());
        return stranded;
    }

    private Connection connect() throws SQLException {
        return sessions.open("engram-outbox-relay", OutboxStore.SESSION_OPTIONS);
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
