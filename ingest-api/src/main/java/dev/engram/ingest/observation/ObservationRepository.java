package dev.engram.ingest.observation;

import dev.engram.core.job.SourceType;
import dev.engram.core.sql.ObservationReads;
import dev.engram.core.sql.ObservationReads.Shape;
import dev.engram.core.sql.ObservationsSql;
import dev.engram.ingest.sql.Params;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The reactive owner of {@code observations} and {@code observation_sources} (its SQL is
 * {@link ObservationsSql}): scoped reads with their sources, memories written directly, deletes.
 */
@Repository
public class ObservationRepository {

    private final DatabaseClient db;
    /** Where the ranked reads run: {@link MemoryReadConnections}. */
    private final DatabaseClient reads;
    /** Each ranked read's SQL by shape, written once. */
    private final Map<Shape, String> fulltext = new ConcurrentHashMap<>();
    private final Map<Shape, String> semantic = new ConcurrentHashMap<>();
    private final Map<Shape, String> hybrid = new ConcurrentHashMap<>();
    private final Map<Shape, String> recent = new ConcurrentHashMap<>();
    private final Mono<Boolean> hasEmbeddings;

    ObservationRepository(DatabaseClient db, MemoryReadConnections reads) {
        this.db = db;
        this.reads = reads.client();
        this.hasEmbeddings = db.sql(ObservationsSql.HAS_EMBEDDINGS).map((row, meta) -> row.get(0, Boolean.class))
                .one().defaultIfEmpty(false).cache(found -> Duration.ofDays(3650), e -> Duration.ZERO,
                        () -> Duration.ZERO);
    }

    /** The observations made from one event, oldest first, in claude-mem's ObservationWithSource shape. */
    public Flux<ObservationWithSource> forEvent(String teamId, String projectId, String eventId) {
        return db.sql(ObservationsSql.FOR_SOURCE)
                .bind("team", teamId)
                .bind("project", projectId)
                .bind("sourceType", SourceType.AGENT_EVENT.wireName())
                .bind("sourceId", eventId)
                .map((row, meta) -> withSource(row))
                .all();
    }

    /** A session's observations, its summary included, oldest first. */
    public Flux<GeneratedObservation> forSession(String teamId, String projectId, UUID sessionId) {
        return db.sql(ObservationsSql.FOR_SESSION)
                .bind("team", teamId)
                .bind("project", projectId)
                .bind("session", sessionId)
                .map((row, meta) -> observation(row))
                .all();
    }

    /**
     * The project's rows a live feed has not shown: created after {@code since} (null: now) less {@code overlap},
     * except {@code seen}, oldest first, at most {@code limit} (see {@link ObservationsSql#WRITTEN_SINCE}).
     */
    public Flux<GeneratedObservation> writtenSince(String teamId, String projectId, @Nullable Instant since,
            Duration overlap, UUID[] seen, int limit) {
        return db.sql(ObservationsSql.WRITTEN_SINCE)
                .bind("team", teamId)
                .bind("project", projectId)
                .bind("since", Params.nullable(since, Instant.class))
                .bind("overlap", overlap.toMillis() + " milliseconds")
                .bind("seen", seen)
                .bind("limit", limit)
                .map((row, meta) -> observation(row))
                .all();
    }

    /**
     * Full-text search over the filtered observations, best match first: those holding all of the query's words
     * or any of them, as {@code match} says (stop words dropped; see {@link ObservationReads#fulltext}).
     */
    public Flux<GeneratedObservation> search(ObservationFilter filter, String query, WordMatch match) {
        Shape shape = shape(filter, match);
        return filtered(reads.sql(fulltext.computeIfAbsent(shape, ObservationReads::fulltext)).bind("query", query),
                filter, shape)
                .map((row, meta) -> observation(row))
                .all();
    }

    /**
     * The filtered observations nearest in meaning to the query's embedding (pgvector's text form), none farther
     * than {@code maxDistance}.
     */
    public Flux<GeneratedObservation> searchByMeaning(ObservationFilter filter, String embedding, double maxDistance) {
        Shape shape = shape(filter, WordMatch.ALL);
        return filtered(reads.sql(semantic.computeIfAbsent(shape, ObservationReads::semantic))
                        .bind("embedding", embedding).bind("maxDistance", maxDistance), filter, shape)
                .map((row, meta) -> observation(row))
                .all();
    }

    /**
     * Words and meaning fused by reciprocal rank fusion over each side's best {@code depth} candidates, the
     * meaning side's no farther than {@code maxDistance} (see {@link ObservationReads#hybrid}).
     */
    public Flux<GeneratedObservation> searchHybrid(ObservationFilter filter, String query, WordMatch match,
            String embedding, int depth, double maxDistance) {
        Shape shape = shape(filter, match);
        return filtered(reads.sql(hybrid.computeIfAbsent(shape, ObservationReads::hybrid)).bind("query", query)
                        .bind("embedding", embedding).bind("depth", depth).bind("maxDistance", maxDistance),
                filter, shape)
                .map((row, meta) -> observation(row))
                .all();
    }

    /** Whether the schema has embeddings (pgvector was there when it was migrated); asked once. */
    public Mono<Boolean> hasEmbeddings() {
        return hasEmbeddings;
    }

    /** The filtered observations, newest first. */
    public Flux<GeneratedObservation> recent(ObservationFilter filter) {
        Shape shape = shape(filter, WordMatch.ALL);
        return filtered(reads.sql(recent.computeIfAbsent(shape, ObservationReads::recent)), filter, shape)
                .map((row, meta) -> observation(row))
                .all();
    }

    /** A project's newest session summaries, of sessions on {@code platform} when it is not null. */
    public Flux<GeneratedObservation> recentSummaries(String teamId, String projectId, @Nullable String platform,
            int limit) {
        return db.sql(ObservationsSql.RECENT_SUMMARIES)
                .bind("team", teamId)
                .bind("project", projectId)
                .bind("platform", Params.nullable(platform, String.class))
                .bind("limit", limit)
                .map((row, meta) -> observation(row))
                .all();
    }

    /** The team's (or project's) stored observations since {@code since}: observation, summary, memory. */
    public Mono<Map<String, Long>> countKindsSince(String teamId, @Nullable String projectId, Instant since) {
        return db.sql(ObservationsSql.COUNT_KINDS_SINCE)
                .bind("team", teamId)
                .bind("project", Params.nullable(projectId, String.class))
                .bind("since", since)
                .map((row, meta) -> Map.entry(row.get("what", String.class), row.get("n", Long.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    /** The shape of the read {@code filter} asks for: its filters in use, the kinds it wants, how words match. */
    private static Shape shape(ObservationFilter filter, WordMatch match) {
        return new Shape(filter.types() != null, filter.sessionId() != null, filter.since() != null,
                filter.until() != null, filter.file() != null, filter.platformSource() != null,
                filter.kinds().contains(ObservationFilter.Kind.OBSERVATION),
                filter.kinds().contains(ObservationFilter.Kind.SUMMARY),
                filter.kinds().contains(ObservationFilter.Kind.MEMORY), match == WordMatch.ANY);
    }

    /** Binds the scope, the page and the parameters of the filters {@code shape} uses, and no others. */
    private static DatabaseClient.GenericExecuteSpec filtered(DatabaseClient.GenericExecuteSpec spec,
            ObservationFilter filter, Shape shape) {
        DatabaseClient.GenericExecuteSpec bound = spec
                .bind("team", filter.teamId())
                .bind("project", filter.projectId())
                .bind("limit", filter.limit())
                .bind("offset", filter.offset());
        if (shape.types()) {
            bound = bound.bind("types", filter.types().toArray(String[]::new));
        }
        if (shape.session()) {
            bound = bound.bind("session", filter.sessionId().toString());
        }
        if (shape.since()) {
            bound = bound.bind("since", filter.since());
        }
        if (shape.until()) {
            bound = bound.bind("until", filter.until());
        }
        if (shape.file()) {
            bound = bound.bind("file", filter.file());
        }
        if (shape.platform()) {
            bound = bound.bind("platform", filter.platformSource());
        }
        return bound;
    }

    /** Writes a memory: an observation with no generation key and no job. */
    public Mono<StoredMemory> insertMemory(String teamId, String projectId, @Nullable UUID serverSessionId,
            String kind, String content, String metadataJson) {
        return db.sql(ObservationsSql.INSERT_MEMORY)
                .bind("team", teamId)
                .bind("project", projectId)
                .bind("session", Params.nullable(serverSessionId, UUID.class))
                .bind("kind", kind)
                .bind("content", content)
                .bind("metadata", Json.of(metadataJson))
                .map((row, meta) -> StoredMemory.from(row))
                .one();
    }

    /** Deletes the observation when it is in scope and answers its project; empty when it was not there. */
    public Mono<String> delete(UUID id, String teamId, @Nullable String projectScope) {
        return db.sql(ObservationsSql.DELETE_BY_ID)
                .bind("id", id)
                .bind("team", teamId)
                .bind("project", Params.nullable(projectScope, String.class))
                .map((row, meta) -> row.get("project_id", String.class))
                .one();
    }

    /** Deletes the project's observations and their source links; part of a purge, in the caller's transaction. */
    public Mono<ProjectObservationsDeleted> deleteProject(String teamId, String projectId) {
        return delete(ObservationsSql.DELETE_PROJECT_SOURCES, teamId, projectId).flatMap(sources ->
                delete(ObservationsSql.DELETE_PROJECT, teamId, projectId).map(observations ->
                        new ProjectObservationsDeleted(observations, sources)));
    }

    private Mono<Long> delete(String sql, String teamId, String projectId) {
        return db.sql(sql).bind("team", teamId).bind("project", projectId).fetch().rowsUpdated();
    }

    private GeneratedObservation observation(Readable row) {
        UUID session = row.get("server_session_id", UUID.class);
        ObservationView view = new ObservationView(row.get("id", UUID.class).toString(),
                row.get("project_id", String.class), row.get("team_id", String.class),
                session == null ? null : session.toString(), row.get("kind", String.class),
                row.get("content", String.class), row.get("metadata", Json.class).asString(),
                row.get("created_at", Instant.class).toEpochMilli(), row.get("updated_at", Instant.class).toEpochMilli());
        return new GeneratedObservation(view, row.get("generation_key", String.class),
                row.get("created_by_job_id", String.class));
    }

    private ObservationWithSource withSource(Readable row) {
        GeneratedObservation observation = observation(row);
        return new ObservationWithSource(observation.observation(), observation.generationKey(),
                observation.createdByJobId(), new ObservationWithSource.Source(
                        row.get("source_row_id", UUID.class).toString(), row.get("source_type", String.class),
                        row.get("source_id", String.class), row.get("generation_job_id", String.class),
                        row.get("source_created_at", Instant.class).toEpochMilli()));
    }

    /** How many rows deleting a project's observations removed. */
    public record ProjectObservationsDeleted(long observations, long observationSources) {
    }
}
