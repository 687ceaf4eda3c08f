package dev.engram.ingest.relay;

import dev.engram.core.store.GenerationJobStore;
import dev.engram.core.store.OutboxStore;
import dev.engram.core.store.OutboxStore.PendingRow;
import dev.engram.core.store.OutboxStore.SlotProgress;
import dev.engram.core.store.OutboxStore.Unconfirmed;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's pass when a Kafka Connect connector publishes the outbox ({@code engram.relay.publisher=connector},
 * ADR 0011). The connector streams every inserted row at commit; the relay marks a row published (and its job
 * enqueued) once the connector's replication slot confirmed a WAL position the row committed before, so the outbox
 * health, the reconciler and the cleanup read the same columns whoever publishes. Rows of a debounce window, which the
 * connector sent too early, get a fresh row when the window closed.
 *
 * <p>Rows waiting for confirmation are held here as samples (rows read together, and the WAL insert position read
 * after them); losing them (a restart, a rolled-back pass) only means they are sampled again with a later position.
 * The slot moves past a sample only once the connector has streamed a change committed after it, and has flushed
 * that position. The relay's own marking is such a change (an update of the outbox, which the connector skips but
 * counts) and the shipped configuration's {@code heartbeat.interval.ms} makes it flush without a record to send;
 * but in a quiet spell nothing follows the last sample, so when it has waited {@code connector-nudge-after} the pass
 * writes one of its rows again unchanged. Not thread-safe: the relay's one thread runs it.
 */
final class ConnectorConfirmations {

    private static final Logger log = LoggerFactory.getLogger(ConnectorConfirmations.class);
    /** Samples (each up to a batch) held at most at once. */
    private static final int MAX_SAMPLES = 20;

    private final String slot;
    private final int batchSize;
    private final long nudgeAfterNanos;
    private final Deque<Sample> waiting = new ArrayDeque<>();
    private final Set<UUID> waitingIds = new HashSet<>();
    private boolean slotMissing;
    private long lastNudge;

    ConnectorConfirmations(RelaySettings settings) {
        this.slot = settings.connectorSlot();
        this.batchSize = settings.batchSize();
        this.nudgeAfterNanos = settings.connectorNudgeAfter().toNanos();
    }

    /**
     * One pass, inside the caller's transaction: re-issues due debounce rows, marks what the slot confirmed, samples
     * rows not waiting yet, nudges an attached slot that has nothing newer to stream. Returns the rows marked or
     * re-issued.
     */
    int pass(OutboxStore outbox, GenerationJobStore jobs) {
        int reissued = outbox.reissueDueDeferred(batchSize);
        Optional<SlotProgress> progress = outbox.slot(slot);
        reportSlot(progress.isPresent());
        int confirmed = progress.map(p -> markConfirmed(p.confirmed(), jobs)).orElse(0);
        sample(outbox);
        progress.ifPresent(p -> nudgeIfQuiet(p, outbox));
        return confirmed + reissued;
    }

    private int markConfirmed(long position, GenerationJobStore jobs) {
        int marked = 0;
        while (!waiting.isEmpty() && waiting.peekFirst().position() <= position) {
            Sample sample = waiting.removeFirst();
            List<UUID> ids = sample.rows().stream().map(PendingRow::id).toList();
            ids.forEach(waitingIds::remove);
            jobs.markRelayed(ids, sample.rows().stream().map(PendingRow::jobId).toList());
            marked += ids.size();
        }
        return marked;
    }

    private void sample(OutboxStore outbox) {
        if (waiting.size() >= MAX_SAMPLES) {
            return;
        }
        Unconfirmed read = outbox.unconfirmed(waitingIds.size() + batchSize);
        if (read == null) {
            return;
        }
        List<PendingRow> fresh = read.rows().stream().filter(row -> !waitingIds.contains(row.id())).toList();
        if (!fresh.isEmpty()) {
            fresh.forEach(row -> waitingIds.add(row.id()));
            waiting.addLast(new Sample(read.position(), fresh, System.nanoTime()));
        }
    }

    private void nudgeIfQuiet(SlotProgress progress, OutboxStore outbox) {
        Sample oldest = waiting.peekFirst();
        long now = System.nanoTime();
        if (oldest == null || !progress.active() || now - oldest.sampledAt() < nudgeAfterNanos
                || now - lastNudge < nudgeAfterNanos) {
            return;
        }
        lastNudge = now;
        outbox.touch(oldest.rows().get(0).id());
    }

    private void reportSlot(boolean present) {
        if (!present && !slotMissing) {
            log.warn("replication slot {} does not exist (or confirmed nothing yet): no outbox row can be confirmed as "
                    + "published until the connector runs (engram.relay.publisher=connector)", slot);
        } else if (present && slotMissing) {
            log.info("replication slot {} found: confirming what the connector publishes", slot);
        }
        slotMissing = !present;
    }

    /** Rows read together, all committed before WAL {@code position}. */
    private record Sample(long position, List<PendingRow> rows, long sampledAt) {
    }
}
