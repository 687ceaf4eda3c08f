package dev.engram.core.store;

import dev.engram.core.job.ReindexScope;
import dev.engram.core.job.SourceType;
import dev.engram.core.observation.GenerationKeys;
import dev.engram.core.observation.ParsedObservation;
import dev.engram.core.observation.ParsedSummary;
import dev.engram.core.sql.ObservationsSql;
import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a job's observations and links each to its sources, and reads what a session's summary is made
 * from. Every generated row is keyed by its generation key (job id, index, content hash) and inserted with
 * ON CONFLICT DO NOTHING, so processing a job again writes nothing new.
 */
public class ObservationStore {

    /** The kind of a session summary observation, and the source type linking it to its session. */
    public static final String SUMMARY_KIND = "summary";
    public static final String SESSION_SOURCE = "session";

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    public ObservationStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Writes the observations made from one or more events together (a debounce window's events) and links
     * each observation to every one of them; returns how many rows were new.
     */
    public int writeFromEvents(GenerationJob job, List<ParsedObservation> observations, List<String> eventIds) {
        int inserted = 0;
        for (int index = 0; index < observations.size(); index++) {
            ParsedObservation observation = observations.get(index);
            if (insertAndLink(job, index, observation.type(), observation.content(), observation.metadata(),
                    job.serverSessionId(), SourceType.AGENT_EVENT.wireName(), eventIds)) {
                inserted++;
            }
        }
        return inserted;
    }

    /**
     * {@link #writeFromEvents} for a batch of jobs, in one statement; returns how many rows were new for each job
     * (jobs with nothing new are absent).
     */
    public Map<String, Integer> writeAllFromEvents(List<JobObservations> batch) {
        ArrayNode rows = JsonNodeFactory.instance.arrayNode();
        for (JobObservations written : batch) {
            GenerationJob job = written.job();
            for (int index = 0; index < written.observations().size(); index++) {
                ParsedObservation observation = written.observations().get(index);
                ObjectNode row = rows.addObject().put("team_id", job.teamId()).put("project_id", job.projectId())
                        .put("server_session_id", job.serverSessionId() == null ? null : job.serverSessionId().toString())
                        .put("kind", observation.type()).put("content", observation.content())
                        .put("generation_key", GenerationKeys.generationKey(job.id(), index, observation.content()))
                        .put("job_id", job.id());
                row.set("metadata", MAPPER.valueToTree(observation.metadata()));
                ArrayNode sources = row.putArray("source_ids");
                written.eventIds().forEach(sources::add);
            }
        }
        Map<String, Integer> inserted = new HashMap<>();
        if (rows.isEmpty()) {
            return inserted;
        }
        jdbc.sql(ObservationsSql.INSERT_GENERATED_ALL_AND_LINK).param("rows", rows.toString())
                .param("sourceType", SourceType.AGENT_EVENT.wireName())
                .query(String.class).list()
                .forEach(jobId -> inserted.merge(jobId, 1, Integer::sum));
        return inserted;
    }

    /** One job's observations and the events they were made from, for {@link #writeAllFromEvents}. */
    public record JobObservations(GenerationJob job, List<ParsedObservation> observations, List<String> eventIds) {
    }

    /**
     * Writes a session's summary as an observation of kind {@code summary} on that session, linked to it as
     * source {@code session}; returns whether the row was new.
     */
    public boolean writeSummary(GenerationJob job, ParsedSummary summary, UUID sessionId) {
        return insertAndLink(job, 0, SUMMARY_KIND, summary.content(), summary.metadata(), sessionId,
                SESSION_SOURCE, List.of(sessionId.toString()));
    }

    /** What a summary is made from: the session's observations, earlier summaries left out, oldest first. */
    public List<String> contentsOfSession(UUID sessionId, String teamId, String projectId) {
        return jdbc.sql(ObservationsSql.CONTENTS_OF_SESSION).param("session", sessionId).param("team", teamId)
                .param("project", projectId).param("exceptKind", SUMMARY_KIND)
                .query(String.class).list();
    }

    /** Whether the schema has the embedding column (pgvector was there when it was migrated). */
    public boolean hasEmbeddings() {
        return Boolean.TRUE.equals(jdbc.sql(ObservationsSql.HAS_EMBEDDINGS).query(Boolean.class).single());
    }

    /** Up to {@code limit} observations without an embedding, locked until the caller's transaction ends. */
    public List<Unembedded> claimUnembedded(int limit) {
        return jdbc.sql(ObservationsSql.CLAIM_UNEMBEDDED).param("limit", limit)
                .query((rs, row) -> new Unembedded(rs.getObject("id", UUID.class), rs.getString("content")))
                .list();
    }

    /** Stores an embedding (pgvector's text form) unless the row has one already. */
    public void setEmbedding(UUID id, String vector) {
        jdbc.sql(ObservationsSql.SET_EMBEDDING).param("id", id).param("embedding", vector).update();
    }

    /** How long the project's events received in {@code [from, to)} took to become observations. */
    public EventLatency eventToObservation(String teamId, String projectId, Instant from,
            Instant to) {
        return jdbc.sql(ObservationsSql.EVENT_TO_OBSERVATION_MILLIS).param("team", teamId).param("project", projectId)
                .param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
                .query((rs, n) -> new EventLatency(rs.getLong("events"), rs.getLong("observed"),
                        rs.getDouble("p50"), rs.getDouble("p99")))
                .single();
    }

    /** Where the time from receipt to observation went for the project's events received in {@code [from, to)}. */
    public EventStages eventStages(String teamId, String projectId, Instant from, Instant to) {
        return jdbc.sql(ObservationsSql.EVENT_STAGES_MILLIS).param("team", teamId).param("project", projectId)
                .param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
                .query((rs, n) -> new EventStages(rs.getLong("jobs"), Stage.of(rs.getArray("to_relay")),
                        Stage.of(rs.getArray("to_claim")), Stage.of(rs.getArray("to_observation"))))
                .single();
    }

    /**
     * Events received in a time range and how long they took to become observations.
     *
     * @param events events received
     * @param observed of those, how many have an observation
     * @param p50Millis median time from receipt to the first observation (0 when none)
     * @param p99Millis 99th percentile of it
     */
    public record EventLatency(long events, long observed, double p50Millis, double p99Millis) {
    }

    /**
     * The stages of event → observation (see {@code ObservationsSql.EVENT_STAGES_MILLIS}).
     *
     * @param jobs events measured (each with its own job, relayed, claimed and observed)
     * @param toRelay received → the relay's transaction that published its job
     * @param toClaim that → the processor's transaction that claimed the job (publish, acknowledgement, delivery)
     * @param toObservation that → the first observation written
     */
    public record EventStages(long jobs, Stage toRelay, Stage toClaim, Stage toObservation) {
    }

    /** The 50th and 99th percentile of one stage, in ms (0 when nothing was measured). */
    public record Stage(double p50Millis, double p99Millis) {

        static Stage of(@Nullable Array percentiles) throws SQLException {
            if (percentiles == null) {
                return new Stage(0, 0);
            }
            Object[] values = (Object[]) percentiles.getArray();
            return new Stage(((Number) values[0]).doubleValue(), ((Number) values[1]).doubleValue());
        }
    }

    /** An observation waiting for its embedding. */
    public record Unembedded(UUID id, String content) {
    }

    // ---- export and import ----

    /** Hands each of the project's observations (since {@code since} when not null) to {@code each}, oldest first. */
    public void forExport(String teamId, String projectId, @Nullable Instant since, Consumer<PortableObservation> each) {
        jdbc.sql(ObservationsSql.FOR_EXPORT).param("team", teamId).param("project", projectId)
                .param("since", since == null ? null : Timestamp.from(since))
                .query(rs -> {
                    each.accept(new PortableObservation(rs.getObject("id", UUID.class),
                            rs.getObject("server_session_id", UUID.class), rs.getString("kind"), rs.getString("content"),
                            rs.getString("metadata"), rs.getString("generation_key"), rs.getString("created_by_job_id"),
                            rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant()));
                });
    }

    /** Imports an observation into the project; false when it (its id or generation key) is there already. */
    public boolean importObservation(String teamId, String projectId, PortableObservation observation) {
        return jdbc.sql(ObservationsSql.IMPORT).param("id", observation.id()).param("team", teamId)
                .param("project", projectId).param("session", observation.sessionId())
                .param("kind", observation.kind()).param("content", observation.content())
                .param("metadata", observation.metadataJson()).param("generationKey", observation.generationKey())
                .param("job", observation.createdByJobId())
                .param("createdAt", Timestamp.from(observation.createdAt()))
                .param("updatedAt", Timestamp.from(observation.updatedAt()))
                .update() == 1;
    }

    // ---- reindex ----

    /** The project's reindex scopes: its observations in id order, {@code batch} to a scope. */
    public List<ReindexScope> reindexScopes(String teamId, String projectId, int batch) {
        return jdbc.sql(ObservationsSql.REINDEX_RANGES).param("team", teamId).param("project", projectId)
                .param("batch", batch)
                .query((rs, n) -> new ReindexScope(rs.getObject("first", UUID.class), rs.getObject("last", UUID.class),
                        rs.getLong("n")))
                .list();
    }

    /** The observations a reindex scope holds now, in id order. */
    public List<Indexed> inReindexScope(String teamId, String projectId, ReindexScope scope) {
        return jdbc.sql(ObservationsSql.IN_REINDEX_RANGE).param("team", teamId).param("project", projectId)
                .param("first", scope.first()).param("last", scope.last())
                .query((rs, n) -> new Indexed(rs.getObject("id", UUID.class), rs.getString("content"),
                        rs.getString("md5")))
                .list();
    }

    /**
     * Rewrites the scope's search rows that are missing or differ from what the observations make, and drops those
     * whose observation is gone; returns how many rows it changed.
     */
    public int reindexSearchRows(String teamId, String projectId, ReindexScope scope) {
        return scoped(ObservationsSql.REINDEX_SEARCH_ROWS, teamId, projectId, scope).update()
                + scoped(ObservationsSql.REINDEX_SEARCH_ORPHANS, teamId, projectId, scope).update();
    }

    /**
     * Rewrites the scope's embeddings that are missing or differ from {@code vectors} (pgvector's text form, one per
     * row of {@code rows}), and drops those whose observation is gone; returns how many rows it changed. A row
     * whose content changed since it was read keeps what it has.
     */
    public int reindexEmbeddings(String teamId, String projectId, ReindexScope scope, List<Indexed> rows,
            List<String> vectors) {
        ArrayNode values = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < rows.size(); i++) {
            values.addObject().put("id", rows.get(i).id().toString()).put("md5", rows.get(i).md5())
                    .put("embedding", vectors.get(i));
        }
        int written = rows.isEmpty() ? 0 : scoped(ObservationsSql.REINDEX_EMBEDDINGS, teamId, projectId, scope)
                .param("rows", values.toString()).update();
        return written + scoped(ObservationsSql.REINDEX_EMBEDDING_ORPHANS, teamId, projectId, scope).update();
    }

    private JdbcClient.StatementSpec scoped(String sql, String teamId, String projectId, ReindexScope scope) {
        return jdbc.sql(sql).param("team", teamId).param("project", projectId).param("first", scope.first())
                .param("last", scope.last());
    }

    /** An observation as reindexing reads it: its content and the content's md5. */
    public record Indexed(UUID id, String content, String md5) {
    }

    private boolean insertAndLink(GenerationJob job, int index, String kind, String content,
            Map<String, Object> metadata, @Nullable UUID sessionId, String sourceType, List<String> sourceIds) {
        String generationKey = GenerationKeys.generationKey(job.id(), index, content);
        boolean inserted = jdbc.sql(ObservationsSql.INSERT_GENERATED_AND_LINK)
                .param("team", job.teamId())
                .param("project", job.projectId())
                .param("session", sessionId)
                .param("kind", kind)
                .param("content", content)
                .param("metadata", MAPPER.writeValueAsString(metadata))
                .param("generationKey", generationKey)
                .param("job", job.id())
                .param("sourceType", sourceType)
                .param("sourceIds", sourceIds.toArray(String[]::new))
                .query(UUID.class).optional().isPresent();
        if (!inserted) {
            // A redelivered job: the observation exists; make sure it is linked to every source.
            UUID id = jdbc.sql(ObservationsSql.FIND_ID_BY_GENERATION_KEY).param("team", job.teamId())
                    .param("project", job.projectId()).param("generationKey", generationKey)
                    .query(UUID.class).single();
            for (String sourceId : sourceIds) {
                jdbc.sql(ObservationsSql.LINK_SOURCE).param("observation", id).param("team", job.teamId())
                        .param("project", job.projectId()).param("sourceType", sourceType).param("sourceId", sourceId)
                        .param("job", job.id()).update();
            }
        }
        return inserted;
    }
}
