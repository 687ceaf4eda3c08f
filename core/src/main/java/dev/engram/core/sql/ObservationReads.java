package dev.engram.core.sql;

/**
 * The SQL of the reads of a project's memory (search by words, by meaning or both, and its newest rows), written
 * for the filters a read uses and no others. A filter left out of the text costs the planner nothing; the same
 * statement with every filter present as {@code (:x IS NULL OR ...)} cost a hybrid search about 0.7 ms of planning
 * and a tenth of its throughput. Callers keep each shape's text, so the driver's prepared statements are reused.
 *
 * <p>Parameters: {@code :team}, {@code :project}, {@code :limit}, {@code :offset} always; {@code :query} for words,
 * {@code :embedding} and {@code :maxDistance} for meaning, {@code :depth} for both; one per filter in use (see
 * {@link Shape}).
 */
public final class ObservationReads {

    /**
     * The shape of a read: the filters it binds, each with its parameter ({@code :types}, text[]: observation types;
     * {@code :session}, a uuid's text; {@code :since} and {@code :until}, timestamptz: the creation time's window;
     * {@code :file}, text: a path read or modified, or its last segments; {@code :platform}, text: the agent
     * platform of the observation's session), the kinds of row it wants (a row is generated when it has a generation
     * key; summaries are rows of kind {@code summary}; memories were written directly), and whether any one of the
     * query's words is enough ({@code anyWord}) or all are needed, read as {@code websearch_to_tsquery} reads them.
     * Equal shapes have equal SQL, so a caller may keep the text by shape.
     */
    public record Shape(boolean types, boolean session, boolean since, boolean until, boolean file, boolean platform,
            boolean observations, boolean summaries, boolean memories, boolean anyWord) {
    }

    /** The columns of a read, qualified. */
    private static final String READ_COLUMNS = """
            o.id, o.team_id, o.project_id, o.server_session_id, o.kind, o.content, o.metadata, o.generation_key,
            o.created_by_job_id, o.created_at, o.updated_at""";

    private ObservationReads() {
    }

    /**
     * Full-text search: what the query's words find, the best matches first ({@link #byWords}), then the page's
     * observations read.
     */
    public static String fulltext(Shape shape) {
        return """
                SELECT %s, w.rank
                  FROM (%s
                         LIMIT :limit OFFSET :offset) w
                  JOIN observations o ON o.id = w.id
                 WHERE o.team_id = :team AND o.project_id = :project
                 ORDER BY w.rank DESC, w.created_at DESC, o.id
                """.formatted(READ_COLUMNS, byWords(shape));
    }

    /**
     * The filtered observations nearest in meaning to {@code :embedding}, nearest first ({@link #byMeaning}), no
     * farther than {@code :maxDistance}. The cut-off applies to the page the index gave, so that a query near
     * nothing costs no deeper scan.
     */
    public static String semantic(Shape shape) {
        return """
                SELECT %s
                  FROM (%s
                         LIMIT :limit OFFSET :offset) n
                  JOIN observations o ON o.id = n.id
                 WHERE o.team_id = :team AND o.project_id = :project AND n.distance <= :maxDistance
                 ORDER BY n.distance, o.created_at DESC, o.id
                """.formatted(READ_COLUMNS, byMeaning(shape));
    }

    /**
     * Full-text and semantic rankings fused by reciprocal rank fusion: each side ranks its best {@code :depth}
     * candidates (the meaning side only those within {@code :maxDistance}), an observation scores the sum of
     * 1 / (60 + rank) over the sides that found it, best score first. Words and meaning each pull up what the other
     * misses. The page is cut from the fused ids before any observation row is read: reading the wide rows of every
     * candidate (up to twice {@code :depth}) cost as much as the nearest-neighbour scan.
     */
    public static String hybrid(Shape shape) {
        return """
                WITH by_words AS (
                    SELECT id, created_at, row_number() OVER (ORDER BY rank DESC, created_at DESC, id) AS r
                      FROM (%1$s
                             LIMIT :depth) best
                ), by_meaning AS (
                    -- the nearest first through the HNSW index; ranks are numbered over those few rows only
                    SELECT id, created_at, row_number() OVER (ORDER BY distance, id) AS r
                      FROM (%2$s
                             LIMIT :depth) nearest
                     WHERE distance <= :maxDistance
                ), page AS (
                    SELECT id, max(created_at) AS created_at, sum(1.0 / (60 + r)) AS score
                      FROM (SELECT id, created_at, r FROM by_words
                            UNION ALL SELECT id, created_at, r FROM by_meaning) ranked
                     GROUP BY id
                     ORDER BY score DESC, created_at DESC, id
                     LIMIT :limit OFFSET :offset
                )
                SELECT %3$s
                  FROM page JOIN observations o ON o.id = page.id
                 WHERE o.team_id = :team AND o.project_id = :project
                 ORDER BY page.score DESC, o.created_at DESC, o.id
                """.formatted(byWords(shape), byMeaning(shape), READ_COLUMNS);
    }

    /** A project's newest observations under the same filters, newest first. */
    public static String recent(Shape shape) {
        return """
                SELECT %s
                  FROM observations o
                 WHERE o.team_id = :team AND o.project_id = :project
                %s
                 ORDER BY o.created_at DESC, o.id
                 LIMIT :limit OFFSET :offset
                """.formatted(READ_COLUMNS, filters(shape, "o", "o.generation_key IS NOT NULL", "o.metadata"));
    }

    /**
     * The query's words as a {@code tsquery}, stemmed and with English stop words dropped (as {@code to_tsvector}
     * does): read as {@code websearch_to_tsquery} reads them (every word, quoted phrases, {@code or},
     * {@code -word}), as claude-mem does, or OR-ed, each one enough to match. A scalar subquery, so that it is built
     * once per statement rather than once per candidate row.
     */
    private static String wordsQuery(Shape shape) {
        return shape.anyWord()
                ? """
                  SELECT (SELECT array_to_string(ARRAY(
                                     SELECT '''' || replace(lexeme, '''', '''''') || ''''
                                       FROM unnest(tsvector_to_array(to_tsvector('english', :query))) AS lexeme),
                                 ' | ')::tsquery) AS query"""
                : "SELECT (SELECT websearch_to_tsquery('english', :query)) AS query";
    }

    /**
     * The filtered observations the query's words find, ranked by how often they hold them ({@code ts_rank}), then
     * newest first, as {@code id, created_at, rank}. It reads only {@code observation_search}: ranking reads every
     * match, and a common word matches a tenth of a project. ({@code ts_rank_cd}, which also weighs how close the
     * words are, cost three times as much per match.)
     */
    private static String byWords(Shape shape) {
        return """
                SELECT s.observation_id AS id, s.created_at, ts_rank(s.search_vector, q.query) AS rank
                  FROM (%s) q
                  JOIN observation_search s ON s.search_vector @@ q.query
                 WHERE s.team_id = :team AND s.project_id = :project
                %s
                 ORDER BY rank DESC, s.created_at DESC, s.observation_id""".formatted(wordsQuery(shape),
                filters(shape, "s", "s.generated", metadataOf("s")));
    }

    /**
     * The filtered observations nearest in meaning to {@code :embedding} (cosine distance), as
     * {@code id, created_at, distance}, nearest first: the HNSW index gives the candidates in order and the filters
     * keep those in scope. Without a limit of its own. The query's vector is read from its text once, in a scalar
     * subquery: under a generic plan a plain cast of the parameter parsed 384 numbers again for every candidate.
     */
    private static String byMeaning(Shape shape) {
        return """
                SELECT e.observation_id AS id, e.created_at, e.embedding <=> (SELECT :embedding::vector) AS distance
                  FROM observation_embeddings e
                 WHERE e.team_id = :team AND e.project_id = :project AND e.embedding IS NOT NULL
                %s
                 ORDER BY distance""".formatted(
                filters(shape, "e", "e.generated", metadataOf("e")));
    }

    /** The metadata of the observation of the row {@code r} of a search table, for the file filter. */
    private static String metadataOf(String r) {
        return "(SELECT fo.metadata FROM observations fo WHERE fo.id = %s.observation_id)".formatted(r);
    }

    /**
     * The conditions of the shape's filters on the row {@code r} (of {@code observations}, {@code observation_search}
     * or {@code observation_embeddings}, which share these columns), whose generated flag is {@code generated} and
     * whose metadata {@code metadata} reads; nothing for a filter not in use, nor for the kinds when all three are
     * wanted.
     */
    private static String filters(Shape shape, String r, String generated, String metadata) {
        StringBuilder sql = new StringBuilder();
        if (shape.types()) {
            sql.append("   AND %1$s.kind = ANY(:types::text[])\n");
        }
        if (!(shape.observations() && shape.summaries() && shape.memories())) {
            StringBuilder kinds = new StringBuilder();
            if (shape.observations()) {
                kinds.append(" OR (%2$s AND %1$s.kind <> 'summary')");
            }
            if (shape.summaries()) {
                kinds.append(" OR %1$s.kind = 'summary'");
            }
            if (shape.memories()) {
                kinds.append(" OR (NOT %2$s AND %1$s.kind <> 'summary')");
            }
            sql.append(kinds.isEmpty() ? "   AND false\n" : "   AND (" + kinds.substring(4) + ")\n");
        }
        if (shape.session()) {
            sql.append("   AND %1$s.server_session_id = :session::uuid\n");
        }
        if (shape.since()) {
            sql.append("   AND %1$s.created_at >= :since::timestamptz\n");
        }
        if (shape.until()) {
            sql.append("   AND %1$s.created_at < :until::timestamptz\n");
        }
        if (shape.file()) {
            sql.append("""
                       AND (EXISTS (SELECT 1
                                      FROM jsonb_path_query(%3$s, 'lax $.files_read[*] ? (@.type() == "string")') f(v)
                                     WHERE f.v #>> '{}' = :file::text OR f.v #>> '{}' LIKE '%%/' || :file::text)
                            OR EXISTS (SELECT 1
                                         FROM jsonb_path_query(%3$s, 'lax $.files_modified[*] ? (@.type() == "string")') f(v)
                                        WHERE f.v #>> '{}' = :file::text OR f.v #>> '{}' LIKE '%%/' || :file::text))
                    """);
        }
        if (shape.platform()) {
            sql.append("""
                       AND EXISTS (SELECT 1 FROM sessions ps
                                    WHERE ps.id = %1$s.server_session_id AND ps.team_id = %1$s.team_id
                                      AND ps.platform_source = :platform::text)
                    """);
        }
        return sql.toString().formatted(r, generated, metadata);
    }
}
