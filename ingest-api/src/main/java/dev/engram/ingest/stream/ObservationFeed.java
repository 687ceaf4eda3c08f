package dev.engram.ingest.stream;

import dev.engram.ingest.observation.GeneratedObservation;
import dev.engram.ingest.observation.ObservationRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Each watched project's new observations, summaries and memories, in the order they were written. While at least
 * one stream watches a project, one query every {@code engram.stream.poll-interval} asks for the project's rows
 * newer than the last one shown (less {@code engram.stream.overlap}, skipping those shown); every stream of the
 * project shares that poll, and when the last one closes the poll stops. Commits send no NOTIFY: like the
 * {@code ?wait=true} waiters, a reader polls, and only while it reads.
 */
@Component
public class ObservationFeed {

    private static final Logger log = LoggerFactory.getLogger(ObservationFeed.class);
    /** The most rows one poll reads; a burst larger than this is read over the next polls. */
    static final int POLL_LIMIT = 500;

    private final ObservationRepository observations;
    private final StreamSettings settings;
    private final Map<List<String>, Flux<GeneratedObservation>> feeds = new ConcurrentHashMap<>();
    private final Sinks.Empty<Void> closing = Sinks.empty();

    ObservationFeed(ObservationRepository observations, StreamSettings settings) {
        this.observations = observations;
        this.settings = settings;
    }

    /** The project's rows written from now on, shared with every other stream of the project. */
    public Flux<GeneratedObservation> live(String teamId, String projectId) {
        return feeds.computeIfAbsent(List.of(teamId, projectId), this::feed);
    }

    /** Whether the project has a feed: it has one while a stream watches it. */
    boolean watches(String teamId, String projectId) {
        return feeds.containsKey(List.of(teamId, projectId));
    }

    /**
     * The project's shared poll. When its last stream closes, the poll stops and the feed leaves the map, so a
     * server whose streams come and go over many projects keeps none of them. (A stream that joins in between
     * restarts this feed's poll; the next one then starts a feed of its own, and both read correctly.)
     */
    private Flux<GeneratedObservation> feed(List<String> key) {
        AtomicReference<Flux<GeneratedObservation>> self = new AtomicReference<>();
        Flux<GeneratedObservation> shared = poll(key.get(0), key.get(1))
                .doFinally(signal -> feeds.remove(key, self.get()))
                .share();
        self.set(shared);
        return shared;
    }

    /** Completes when the application begins to close, so open streams end instead of holding the shutdown. */
    public Mono<Void> closing() {
        return closing.asMono();
    }

    @EventListener(ContextClosedEvent.class)
    void close() {
        closing.tryEmitEmpty();
    }

    private Flux<GeneratedObservation> poll(String teamId, String projectId) {
        return Flux.defer(() -> {
            Cursor cursor = new Cursor(settings.overlap());
            return Flux.interval(Duration.ZERO, settings.pollInterval())
                    .onBackpressureDrop()
                    .concatMap(tick -> observations
                            .writtenSince(teamId, projectId, cursor.since(), settings.overlap(), cursor.seen(),
                                    POLL_LIMIT)
                            .collectList()
                            .doOnNext(cursor::advance)
                            .onErrorResume(e -> {
                                cursor.failed(e, projectId);
                                return Mono.just(List.of());
                            }))
                    .concatMapIterable(rows -> rows);
        });
    }

    /**
     * How far one project's feed has read: the newest creation time shown, and the ids shown within the overlap
     * before it (so a row is shown once). Touched only by the feed's one poll at a time.
     */
    static final class Cursor {

        /** Margin kept past the overlap when forgetting ids: creation times are compared at millisecond precision. */
        private static final Duration MARGIN = Duration.ofSeconds(1);

        private final Duration overlap;
        private @Nullable Instant since;
        private final LinkedHashMap<UUID, Instant> seen = new LinkedHashMap<>();
        private boolean failing;

        Cursor(Duration overlap) {
            this.overlap = overlap;
        }

        @Nullable Instant since() {
            return since;
        }

        UUID[] seen() {
            return seen.keySet().toArray(UUID[]::new);
        }

        void advance(List<GeneratedObservation> rows) {
            if (failing) {
                log.info("the live feed reads the database again");
                failing = false;
            }
            for (GeneratedObservation row : rows) {
                Instant created = Instant.ofEpochMilli(row.observation().createdAtEpoch());
                seen.put(UUID.fromString(row.observation().id()), created);
                if (since == null || created.isAfter(since)) {
                    since = created;
                }
            }
            if (since == null) {
                return;
            }
            // a row older than this can no longer match the poll's window, so its id need not be passed again
            Instant forget = since.minus(overlap).minus(MARGIN);
            for (Iterator<Instant> created = seen.values().iterator(); created.hasNext();) {
                if (created.next().isBefore(forget)) {
                    created.remove();
                }
            }
        }

        void failed(Throwable e, String projectId) {
            if (!failing) {
                // the stream stays open and reads on: the rows are in Postgres, the next poll that works shows them
                log.warn("the live feed of project {} could not read the database; retrying every poll: {}",
                        projectId, e.toString());
                failing = true;
            }
        }
    }
}
