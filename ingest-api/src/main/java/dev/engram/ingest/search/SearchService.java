package dev.engram.ingest.search;

import dev.engram.ingest.audit.ReadAudit;
import dev.engram.ingest.auth.ApiKeyPrincipal;
import dev.engram.ingest.observation.GeneratedObservation;
import dev.engram.ingest.observation.ObservationFilter;
import dev.engram.ingest.observation.ObservationRepository;
import dev.engram.ingest.observation.WordMatch;
import dev.engram.ingest.project.ProjectAccess;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Searches a project's memory inside the key's scope, by words (full-text), by meaning (the query's
 * embedding against the observations' own) or both fused by reciprocal rank fusion, the default when the
 * database has embeddings. Without them (no pgvector, or embeddings switched off) every search is
 * answered full-text and a request for meaning says so in {@code notice}. Every search is audited off the
 * request path.
 */
@Service
public class SearchService {

    static final String SEMANTIC_UNAVAILABLE =
            "semantic ranking is not available on this server (no pgvector or embeddings off); answered full-text";
    /** How many candidates each side of a hybrid search ranks before they are fused. */
    static final int HYBRID_DEPTH = 100;

    private final ProjectAccess projects;
    private final ObservationRepository observations;
    private final ReadAudit audit;
    private final QueryEmbeddings embeddings;
    private final SearchSettings settings;

    SearchService(ProjectAccess projects, ObservationRepository observations, ReadAudit audit,
            QueryEmbeddings embeddings, SearchSettings settings) {
        this.settings = settings;
        this.projects = projects;
        this.observations = observations;
        this.audit = audit;
        this.embeddings = embeddings;
    }

    /** A search of one project with the default ranking (hybrid where embeddings exist), as the MCP tool asks it. */
    public Mono<List<GeneratedObservation>> search(ApiKeyPrincipal key, String projectId, String query, int limit,
            String requestId, String via) {
        SearchRequest request = new SearchRequest(projectId, query, limit, 0, null, WordMatch.ALL, null,
                EnumSet.allOf(ObservationFilter.Kind.class), null, null, null, null, null);
        return search(key, request, requestId, via).map(SearchResponse::observations);
    }

    Mono<SearchResponse> search(ApiKeyPrincipal key, SearchRequest request, String requestId, String via) {
        UUID session = request.sessionId() == null ? null : ProjectAccess.parseUuid(request.sessionId());
        // A session id that is no UUID names no session: nothing matches (after the project check).
        boolean nothingMatches = request.sessionId() != null && session == null;
        ObservationFilter filter = new ObservationFilter(key.teamId(), request.projectId(), request.types(),
                request.kinds(), session, request.since(), request.until(), request.file(), request.platformSource(),
                request.limit(), request.offset());
        return projects.requireReadable(key, request.projectId())
                .then(semanticAvailable())
                .flatMap(semantic -> {
                    SearchMode mode = used(semantic, request.mode());
                    Mono<List<GeneratedObservation>> found = nothingMatches ? Mono.just(List.of())
                            : run(mode, filter, request.query(), request.match());
                    return found.map(list -> {
                        audit.read(key, request.projectId(), requestId, via, mode.wireName(), request.query(),
                                list.stream().map(o -> o.observation().id()).toList());
                        return new SearchResponse(list, mode.wireName(), request.match().wireName(), request.limit(),
                                request.offset(), notice(request.mode(), mode));
                    });
                });
    }

    /**
     * The filtered observations most relevant to {@code query}, best first, ranked as a search with {@code mode}
     * ranks them (null: the default, words and meaning where embeddings exist; without embeddings every mode is
     * words), the words found as {@code match} says, with the ranking used: for callers that checked the scope and
     * audit the read themselves, such as the context pack.
     */
    public Mono<Ranked> relevant(ObservationFilter filter, String query, @Nullable SearchMode mode, WordMatch match) {
        return semanticAvailable().flatMap(semantic -> {
            SearchMode used = used(semantic, mode);
            return run(used, filter, query, match).map(found -> new Ranked(used, found, notice(mode, used)));
        });
    }

    /** The ranking a request for {@code asked} (null: the default) gets: hybrid by default, words without embeddings. */
    private static SearchMode used(boolean semantic, @Nullable SearchMode asked) {
        return semantic ? (asked == null ? SearchMode.HYBRID : asked) : SearchMode.FULLTEXT;
    }

    /** Why the ranking used is not the one asked for, or null when it is (or none was asked for). */
    private static @Nullable String notice(@Nullable SearchMode asked, SearchMode used) {
        return asked != null && asked != used ? SEMANTIC_UNAVAILABLE : null;
    }

    /**
     * What {@link #relevant} found and how it ranked it.
     *
     * @param mode the ranking used
     * @param observations best first
     * @param notice why {@code mode} differs from the one asked for, or null
     */
    public record Ranked(SearchMode mode, List<GeneratedObservation> observations, @Nullable String notice) {
    }

    private Mono<Boolean> semanticAvailable() {
        return embeddings.enabled() ? observations.hasEmbeddings() : Mono.just(false);
    }

    private Mono<List<GeneratedObservation>> run(SearchMode mode, ObservationFilter filter, String query,
            WordMatch match) {
        if (mode == SearchMode.FULLTEXT) {
            return observations.search(filter, query, match).collectList();
        }
        return embeddings.of(query).flatMap(vector -> vector.isEmpty()
                ? observations.search(filter, query, match).collectList()
                : (mode == SearchMode.SEMANTIC
                        ? observations.searchByMeaning(filter, vector.get(), settings.maxDistance())
                        : observations.searchHybrid(filter, query, match, vector.get(), HYBRID_DEPTH,
                                settings.maxDistance()))
                        .collectList());
    }
}
