package dev.engram.ingest.event;

import dev.engram.ingest.config.IngestSettings;
import dev.engram.ingest.event.EventIngestService.IngestedEvent;
import dev.engram.ingest.relay.OutboxWakeup;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Group commit for ingest: requests that arrive while earlier commits are in flight share the next
 * transaction, written by {@link EventWriter} with one multi-row statement per table, so the cost of a
 * commit (and of each statement's round trip) is paid once for all of them.
 *
 * <p>The window adapts by itself and has no timer: a request that finds a commit slot free is written at
 * once (a lone request is never delayed for company); while {@code max-in-flight} commits run, new
 * requests queue, and the next commit takes every queued request up to {@code max-events} events. Each
 * request is answered only after the commit that holds its rows, with its own result. When a shared commit
 * fails, every request in it is written again in a transaction of its own, so one request's bad rows fail
 * only that request and never half-write or fail its neighbours.
 */
@Component
class GroupCommit {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    private final EventWriter writer;
    private final TransactionalOperator transactions;
    private final OutboxWakeup outbox;
    private final int maxEvents;
    private final int maxInFlight;
    private final DistributionSummary requestsPerCommit;
    private final DistributionSummary eventsPerCommit;
    private final Counter ingested;

    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private int inFlight;

    GroupCommit(EventWriter writer, TransactionalOperator transactions, OutboxWakeup outbox,
            IngestSettings settings, MeterRegistry meters) {
        this.writer = writer;
        this.transactions = transactions;
        this.outbox = outbox;
        this.maxEvents = settings.groupCommit().maxEvents();
        this.maxInFlight = settings.groupCommit().maxInFlight();
        if (maxEvents < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException("engram.ingest.group-commit.max-events and max-in-flight must be"
                    + " at least 1; they are " + maxEvents + " and " + maxInFlight);
        }
        this.requestsPerCommit = DistributionSummary.builder("engram.ingest.commit.requests")
                .description("ingest requests written by one group commit").register(meters);
        this.eventsPerCommit = DistributionSummary.builder("engram.ingest.commit.events")
                .description("events written by one group commit").register(meters);
        this.ingested = Counter.builder("engram.ingest.events")
                .description("events committed (a repeat of a stored event included: it answers as stored)")
                .register(meters);
    }

    /** Writes the request's events in the next commit; completes once that commit has. */
    Mono<List<IngestedEvent>> submit(IngestRequest request) {
        return Mono.defer(() -> {
            Pending pending = new Pending(request, Sinks.one());
            List<Pending> commit;
            synchronized (this) {
                queue.add(pending);
                commit = inFlight < maxInFlight ? takeNext() : null;
            }
            if (commit != null) {
                run(commit);
            }
            return pending.answer().asMono();
        });
    }

    /** Starts a commit slot on the queue's head: requests up to {@code maxEvents} events, at least one. */
    private List<Pending> takeNext() {
        List<Pending> commit = new ArrayList<>();
        int events = 0;
        while (!queue.isEmpty()
                && (commit.isEmpty() || events + queue.peek().request().size() <= maxEvents)) {
            Pending next = queue.poll();
            events += next.request().size();
            commit.add(next);
        }
        inFlight++;
        return commit;
    }

    private void run(List<Pending> commit) {
        requestsPerCommit.record(commit.size());
        eventsPerCommit.record(commit.stream().mapToInt(pending -> pending.request().size()).sum());
        // Deferred, so that even a failure while building the statements arrives as an error signal and the
        // slot is freed by doFinally.
        transactions.transactional(Mono.defer(() -> writer.write(commit.stream().map(Pending::request).toList())))
                .doOnNext(results -> {
                    committed(results);
                    for (int i = 0; i < commit.size(); i++) {
                        commit.get(i).answer().tryEmitValue(results.get(i));
                    }
                })
                .onErrorResume(failure -> commit.size() == 1 ? fail(commit.get(0), failure) : alone(commit, failure))
                .doFinally(signal -> next())
                .subscribe();
    }

    /** After a shared commit failed: each request on its own, so only the one at fault fails. */
    private Mono<List<List<IngestedEvent>>> alone(List<Pending> commit, Throwable failure) {
        log.debug("a group commit of {} requests failed; writing each on its own", commit.size(), failure);
        return Flux.fromIterable(commit)
                .concatMap(pending -> transactions.transactional(
                                Mono.defer(() -> writer.write(List.of(pending.request()))))
                        .doOnNext(results -> {
                            committed(results);
                            pending.answer().tryEmitValue(results.get(0));
                        })
                        .onErrorResume(own -> fail(pending, own)))
                .then(Mono.empty());
    }

    /** A commit holding outbox rows wakes the relay (there is no NOTIFY inside the commit). */
    private void committed(List<List<IngestedEvent>> results) {
        ingested.increment(results.stream().mapToInt(List::size).sum());
        if (results.stream().flatMap(List::stream).anyMatch(ingested -> ingested.job() != null)) {
            outbox.rowsCommitted();
        }
    }

    private static Mono<List<List<IngestedEvent>>> fail(Pending pending, Throwable failure) {
        pending.answer().tryEmitError(failure);
        return Mono.empty();
    }

    /** A commit ended: the slot takes whatever queued meanwhile, or is freed. */
    private void next() {
        List<Pending> commit;
        synchronized (this) {
            inFlight--;
            commit = queue.isEmpty() ? null : takeNext();
        }
        if (commit != null) {
            run(commit);
        }
    }

    private record Pending(IngestRequest request, Sinks.One<List<IngestedEvent>> answer) {
    }
}
