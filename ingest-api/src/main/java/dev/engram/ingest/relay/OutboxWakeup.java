package dev.engram.ingest.relay;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Wakes the active outbox relay after a commit wrote outbox rows, without a NOTIFY inside that commit
 * (Postgres serializes the commits of every transaction that notified behind one global lock, so a trigger
 * NOTIFY on each ingest would cap ingest throughput). When this instance holds the relay lock the wake is an
 * in-process signal. Otherwise one {@code NOTIFY} in a statement of its own, outside the writer's
 * transaction, tells the relay of another instance; such notifications are coalesced to at most one per
 * {@code engram.relay.remote-wake-interval}. The relay's adaptive poll is the floor for writers that tell
 * nobody (the CLI).
 */
@Component
public class OutboxWakeup {

    private static final Logger log = LoggerFactory.getLogger(OutboxWakeup.class);

    private final DatabaseClient db;
    private final Duration remoteInterval;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition written = lock.newCondition();
    private final AtomicBoolean notifying = new AtomicBoolean();
    private final AtomicBoolean notifyAgain = new AtomicBoolean();

    private volatile boolean localRelay;
    private boolean pending;

    OutboxWakeup(DatabaseClient db, RelaySettings settings) {
        this.db = db;
        this.remoteInterval = settings.remoteWakeInterval();
    }

    /** Outbox rows were committed: wake whichever relay is active. */
    public void rowsCommitted() {
        if (localRelay) {
            lock.lock();
            try {
                pending = true;
                written.signalAll();
            } finally {
                lock.unlock();
            }
        } else {
            notifyRemote();
        }
    }

    /** The relay of this instance took (true) or lost (false) the relay lock. */
    void localRelayActive(boolean active) {
        localRelay = active;
    }

    /**
     * The relay waits here for up to {@code timeout}; true when rows were committed meanwhile (or since the
     * last wait), false when it timed out.
     */
    boolean awaitRows(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            long left = timeout.toNanos();
            while (!pending && left > 0) {
                left = written.awaitNanos(left);
            }
            boolean woken = pending;
            pending = false;
            return woken;
        } finally {
            lock.unlock();
        }
    }

    private void notifyRemote() {
        if (!notifying.compareAndSet(false, true)) {
            notifyAgain.set(true);
            return;
        }
        db.sql(RelayLock.NOTIFY).then()
                .onErrorResume(e -> {
                    log.debug("could not notify the outbox relay; its poll will find the rows", e);
                    return Mono.empty();
                })
                .then(Mono.delay(remoteInterval))
                .doFinally(signal -> {
                    notifying.set(false);
                    if (notifyAgain.getAndSet(false)) {
                        notifyRemote();
                    }
                })
                .subscribe();
    }
}
