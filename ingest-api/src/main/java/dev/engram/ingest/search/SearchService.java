package dev.engram.ingest.search;

import dev.engram.ingest.audit.ReadAudit;
import dev.engram.ingest.auth.ApiKeyPrincipal;
import dev.engram.ingest.observation.GeneratedObservation;
import dev.engram.ingest.observation.ObservationFilter;
import dev.engram.ingest.observation.ObservationRepository;
import dev.engram.ingest.project.ProjectAccess;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Searches a project's memory inside the key's scope. Full-text is the ranking available today; a request
 * for {@code semantic} or {@code hybrid} is answered full-text and says so in {@code notice}, until
 * embeddings land. Every search is audited off the request path.
 */
@Service
public class SearchService {

    static final String SEMANTIC_UNAVAILABLE =
            "semantic ranking is not available on this server (no embeddings yet); answered full-text";

    private final ProjectAccess projects;
    private final ObservationRepository observations;
    private final ReadAudit audit;

    SearchService(ProjectAccess projects, ObservationRepository observations, ReadAudit audit) {
        this.projects = projects;
        this.observations = observations;
        this.audit = audit;
    }

    /** A plain full-text search of one project, best first, as the MCP {@code search} tool asks it. */
    public Mono<List<GeneratedObservation>> search(ApiKeyPrincipal key, String projectId, String query, int limit,
            String requestId, String via) {
        SearchRequest request = new SearchRequest(projectId, query, limit, 0, null, null,
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
                .then(Mono.defer(() -> nothingMatches ? Mono.just(List.<GeneratedObservation>of())
                        : observations.search(filter, request.query()).collectList()))
                .map(found -> {
                    audit.read(key, request.projectId(), requestId, via, SearchMode.FULLTEXT.wireName(),
                            request.query(), found.stream().map(o -> o.observation().id()).toList());
                    return answer(request, found);
                });
    }

    private static SearchResponse answer(SearchRequest request, List<GeneratedObservation> found) {
        @Nullable String notice = request.mode() == null || request.mode() == SearchMode.FULLTEXT ? null
                : SEMANTIC_UNAVAILABLE;
        return new SearchResponse(found, SearchMode.FULLTEXT.wireName(), request.limit(), request.offset(), notice);
    }
}
