package dev.engram.ingest.context;

import dev.engram.ingest.audit.ReadAudit;
import dev.engram.ingest.auth.ApiKeyPrincipal;
import dev.engram.ingest.observation.GeneratedObservation;
import dev.engram.ingest.observation.ObservationFilter;
import dev.engram.ingest.observation.ObservationFilter.Kind;
import dev.engram.ingest.observation.ObservationRepository;
import dev.engram.ingest.project.ProjectAccess;
import dev.engram.ingest.search.SearchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.util.function.Tuples;

/**
 * Builds the context pack: the project's most recent session summaries, then the observations relevant
 * to the query (ranked as a default search ranks them: words and meaning where embeddings exist), or the most
 * recent, as a timeline, cut to the token budget. Both parts are read at once
 * and each gets what is left of the deadline; a part that is late or fails is left out and the pack says
 * {@code partial}, so a slow database delays a session start by the deadline at most and never fails it.
 * An authorization failure (a project outside the key's scope) is not a slow part: it answers 403/404.
 */
@Component
public class ContextPackBuilder {

    private static final Logger log = LoggerFactory.getLogger(ContextPackBuilder.class);
    private static final int CHARS_PER_TOKEN = 4;
    private static final String SEPARATOR = "\n\n";

    private final ProjectAccess projects;
    private final ObservationRepository observations;
    private final ReadAudit audit;
    private final ContextSettings settings;
    private final SearchService search;

    ContextPackBuilder(ProjectAccess projects, ObservationRepository observations, SearchService search,
            ReadAudit audit, ContextSettings settings) {
        this.projects = projects;
        this.observations = observations;
        this.search = search;
        this.audit = audit;
        this.settings = settings;
    }

    public Mono<ContextPack> build(ApiKeyPrincipal key, ContextRequest request, String requestId, String via) {
        long deadline = System.nanoTime() + settings.deadline().toNanos();
        ObservationFilter project = ObservationFilter.of(key.teamId(), request.projectId(), request.limit())
                .withPlatform(request.platformSource());
        Mono<Optional<List<GeneratedObservation>>> summaries = withinDeadline(observations.recentSummaries(
                key.teamId(), request.projectId(), request.platformSource(), settings.summaries()).collectList(),
                deadline);
        ObservationFilter timeline = project.withKinds(EnumSet.of(Kind.OBSERVATION, Kind.MEMORY));
        Mono<Optional<Timeline>> relevant = withinDeadline((request.query() == null
                ? observations.recent(timeline).collectList().map(newest -> new Timeline(newest, null, null))
                : search.relevant(timeline, request.query(), request.mode(), request.match())
                        .map(ranked -> new Timeline(ranked.observations(), ranked.mode().wireName(), ranked.notice()))),
                deadline);
        // A project check that outlives the deadline answers an empty, partial pack: nothing is read unchecked.
        Mono<Boolean> allowed = projects.requireReadable(key, request.projectId()).thenReturn(true)
                .timeout(left(deadline))
                .onErrorResume(TimeoutException.class, e -> Mono.just(false));
        return allowed
                .flatMap(ok -> ok ? Mono.zip(summaries, relevant)
                        : Mono.just(Tuples.of(Optional.<List<GeneratedObservation>>empty(),
                                Optional.<Timeline>empty())))
                .map(parts -> {
                    ContextPack pack = assemble(parts.getT1(), parts.getT2(), request.maxTokens());
                    audit.read(key, request.projectId(), requestId, via, "context",
                            request.query() == null ? "" : request.query(),
                            pack.observations().stream().map(o -> o.observation().id()).toList());
                    return pack;
                });
    }

    /** The timeline's observations and, for a query, how they were ranked (and why not as asked). */
    private record Timeline(List<GeneratedObservation> observations, @Nullable String mode, @Nullable String notice) {
    }

    /** The part, or empty when the deadline passed first or it failed. */
    private static <T> Mono<Optional<T>> withinDeadline(Mono<T> part, long deadline) {
        return Mono.defer(() -> part.map(Optional::of).timeout(left(deadline)))
                .onErrorResume(e -> {
                    log.warn("context pack part left out: {}", e.toString());
                    return Mono.just(Optional.empty());
                });
    }

    private static Duration left(long deadline) {
        return Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
    }

    private static ContextPack assemble(Optional<List<GeneratedObservation>> summaries,
            Optional<Timeline> relevant, int maxTokens) {
        List<GeneratedObservation> candidates = new ArrayList<>(summaries.orElse(List.of()));
        List<GeneratedObservation> timeline = new ArrayList<>(relevant.map(Timeline::observations).orElse(List.of()));
        timeline.sort(Comparator.comparingLong((GeneratedObservation o) -> o.observation().createdAtEpoch())
                .thenComparing(o -> o.observation().id()));
        candidates.addAll(timeline);
        int budget = maxTokens * CHARS_PER_TOKEN;
        StringBuilder text = new StringBuilder();
        List<GeneratedObservation> included = new ArrayList<>();
        boolean truncated = false;
        for (GeneratedObservation candidate : candidates) {
            String content = candidate.observation().content();
            int size = (text.isEmpty() ? 0 : SEPARATOR.length()) + content.length();
            if (text.length() + size > budget) {
                truncated = true;
                continue;
            }
            if (!text.isEmpty()) {
                text.append(SEPARATOR);
            }
            text.append(content);
            included.add(candidate);
        }
        boolean partial = summaries.isEmpty() || relevant.isEmpty();
        int tokens = (text.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
        return new ContextPack(included, text.toString(), partial, truncated, tokens,
                relevant.map(Timeline::mode).orElse(null), relevant.map(Timeline::notice).orElse(null));
    }
}
