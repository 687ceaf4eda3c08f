package dev.engram.ingest.relay;

import dev.engram.ingest.config.DatabaseSettings;
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
import org.springframework.context.SmartLifecycle;
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
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final DatabaseSettings database;
    private final RelaySettings settings;
    private final OutboxPublisher publisher;
    private final Counter published;
    private final Counter republished;

    private volatile boolean running;
    private volatile boolean active;
    private volatile Thread thread;
    private long lastMaintenance;

    OutboxRelay(DatabaseSettings database, RelaySettings settings, OutboxPublisher publisher, MeterRegistry meters) {
        this.database = database;
        this.settings = settings;
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
    public void start() {
        running = true;
        Thread relay = new Thread(this::run, "engram-outbox-relay");
        relay.setDaemon(true);
        thread = relay;
        relay.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread relay = thread;
        if (relay != null) {
            relay.interrupt();
            try {
                relay.join(settings.pollInterval().multipliedBy(3).plusSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        while (running) {
            try (Connection connection = connect()) {
                if (!RelayStore.tryLock(connection, settings.lockKey())) {
                    pause(settings.pollInterval());
                    continue;
                }
                RelayStore.listen(connection);
                active = true;
                log.info("outbox relay active");
                relayWhileRunning(connection);
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.warn("outbox relay session failed; reconnecting", e);
                    pause(settings.pollInterval());
                }
            } finally {
                active = false;
            }
        }
    }

    private void relayWhileRunning(Connection connection) throws SQLException {
        PGConnection notifications = connection.unwrap(PGConnection.class);
        while (running) {
            int sent = relayBatch(connection);
            maintainIfDue(connection);
            if (sent < settings.batchSize()) {
                // Blocks until a NOTIFY arrives or the poll interval passes; drains every pending one.
                notifications.getNotifications((int) Math.max(1, settings.pollInterval().toMillis()));
            }
        }
    }

    /** Claims, sends and marks one batch in one transaction; returns how many rows were published. */
    int relayBatch(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        try {
            List<OutboxRecord> batch = RelayStore.claim(connection, settings.batchSize());
            if (!batch.isEmpty()) {
                publisher.publish(batch);
                RelayStore.markPublished(connection, batch);
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

    private void maintainIfDue(Connection connection) throws SQLException {
        long now = System.nanoTime();
        if (lastMaintenance != 0 && now - lastMaintenance < settings.reconcileInterval().toNanos()) {
            return;
        }
        lastMaintenance = now;
        int stranded = RelayStore.republishStranded(connection, seconds(settings.republishAfter()),
                seconds(settings.processingLease()), settings.batchSize());
        if (stranded > 0) {
            log.info("re-published {} job(s) that were queued or processing without reaching Kafka", stranded);
            republished.increment(stranded);
        }
        RelayStore.deletePublishedBefore(connection, seconds(settings.retention()));
    }

    private Connection connect() throws SQLException {
        return database.openSession("engram-outbox-relay");
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    private void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
