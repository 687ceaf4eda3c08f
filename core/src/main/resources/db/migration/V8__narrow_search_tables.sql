-- Search reads two narrow tables kept by the database beside observations, instead of the wide observation rows:
--
-- * observation_search: what full-text ranking and the filters need (tenant, kind, session, time, tsvector).
--   A common word matches a tenth of a project; ranking those rows read them from a heap three times wider
--   than they (content, metadata and the inline embedding), most of it outside shared_buffers. Its GIN index
--   leads with the tenant (btree_gin, where it can be created), so a query reads only its own project's
--   matches, however many other projects share the word.
-- * observation_embeddings (with pgvector): one row per observation, its vector NULL until the processors'
--   backfill writes it. Writing the vector used to update the observation row itself, leaving a dead copy of
--   every row and of its entries in every index until a vacuum; now it updates only this row.
--
-- Triggers keep both in step with observations in the same transaction (statement-level, over the transition
-- tables, so a multi-row insert costs one insert per table), whatever writes observations.
--
-- Writers of observations (processors of the previous version, during a rolling upgrade) wait while this runs:
-- a row they wrote between the copy below and the triggers' creation would have no search row.
LOCK TABLE observations IN SHARE ROW EXCLUSIVE MODE;
DO $$
BEGIN
    BEGIN
        CREATE EXTENSION IF NOT EXISTS btree_gin;
    EXCEPTION WHEN OTHERS THEN
        RAISE NOTICE 'btree_gin is not available (%); the full-text index is not led by the tenant', SQLERRM;
    END;
END
$$;

CREATE TABLE observation_search (
    observation_id    uuid        PRIMARY KEY,
    team_id           text        NOT NULL,
    project_id        text        NOT NULL,
    kind              text        NOT NULL,
    generated         boolean     NOT NULL,
    server_session_id uuid,
    created_at        timestamptz NOT NULL,
    search_vector     tsvector    NOT NULL
);

INSERT INTO observation_search (observation_id, team_id, project_id, kind, generated, server_session_id, created_at,
                                search_vector)
SELECT id, team_id, project_id, kind, generation_key IS NOT NULL, server_session_id, created_at, search_vector
  FROM observations;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'btree_gin') THEN
        CREATE INDEX observation_search_terms_idx ON observation_search USING gin (team_id, project_id, search_vector);
    ELSE
        CREATE INDEX observation_search_terms_idx ON observation_search USING gin (search_vector);
    END IF;
END
$$;

ALTER TABLE observations DROP COLUMN search_vector;

CREATE FUNCTION observation_search_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO observation_search (observation_id, team_id, project_id, kind, generated, server_session_id,
                                    created_at, search_vector)
    SELECT id, team_id, project_id, kind, generation_key IS NOT NULL, server_session_id, created_at,
           to_tsvector('english', content)
      FROM new_rows;
    RETURN NULL;
END
$$;

CREATE FUNCTION observation_search_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE observation_search s
       SET team_id = n.team_id, project_id = n.project_id, kind = n.kind, generated = n.generation_key IS NOT NULL,
           server_session_id = n.server_session_id, created_at = n.created_at,
           search_vector = to_tsvector('english', n.content)
      FROM new_rows n
     WHERE s.observation_id = n.id;
    RETURN NULL;
END
$$;

CREATE FUNCTION observation_search_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM observation_search s USING old_rows o WHERE s.observation_id = o.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER observation_search_insert AFTER INSERT ON observations
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION observation_search_insert();
CREATE TRIGGER observation_search_update AFTER UPDATE ON observations
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION observation_search_update();
CREATE TRIGGER observation_search_delete AFTER DELETE ON observations
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION observation_search_delete();

-- The context pack's summaries, newest first, without walking a project's observations to find them.
CREATE INDEX observations_summaries_idx ON observations (team_id, project_id, created_at DESC) WHERE kind = 'summary';

-- Embeddings move out of the observation rows (where pgvector is there; see V5). Installing pgvector later
-- means running this block again by hand, after V5's (docs/operations.md).
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector') THEN
        -- with the columns the filters read, so that a filtered nearest-neighbour scan reads only this table
        CREATE TABLE IF NOT EXISTS observation_embeddings (
            observation_id    uuid        PRIMARY KEY,
            team_id           text        NOT NULL,
            project_id        text        NOT NULL,
            kind              text        NOT NULL,
            generated         boolean     NOT NULL,
            server_session_id uuid,
            created_at        timestamptz NOT NULL,
            embedding         vector(384)
        );
        IF EXISTS (SELECT 1 FROM information_schema.columns
                    WHERE table_schema = current_schema() AND table_name = 'observations'
                      AND column_name = 'embedding') THEN
            INSERT INTO observation_embeddings (observation_id, team_id, project_id, kind, generated,
                                                server_session_id, created_at, embedding)
            SELECT id, team_id, project_id, kind, generation_key IS NOT NULL, server_session_id, created_at, embedding
              FROM observations
            ON CONFLICT (observation_id) DO NOTHING;
            ALTER TABLE observations DROP COLUMN embedding;
        ELSE
            INSERT INTO observation_embeddings (observation_id, team_id, project_id, kind, generated,
                                                server_session_id, created_at)
            SELECT id, team_id, project_id, kind, generation_key IS NOT NULL, server_session_id, created_at
              FROM observations
            ON CONFLICT (observation_id) DO NOTHING;
        END IF;
        CREATE INDEX IF NOT EXISTS observation_embeddings_hnsw_idx
            ON observation_embeddings USING hnsw (embedding vector_cosine_ops);
        -- what the processors' embedding backfill looks for
        CREATE INDEX IF NOT EXISTS observation_embeddings_pending_idx
            ON observation_embeddings (created_at) WHERE embedding IS NULL;

        CREATE OR REPLACE FUNCTION observation_embeddings_insert() RETURNS trigger LANGUAGE plpgsql AS $f$
        BEGIN
            INSERT INTO observation_embeddings (observation_id, team_id, project_id, kind, generated,
                                                server_session_id, created_at)
            SELECT id, team_id, project_id, kind, generation_key IS NOT NULL, server_session_id, created_at
              FROM new_rows;
            RETURN NULL;
        END
        $f$;
        -- new content needs a new vector: the backfill finds the row again
        CREATE OR REPLACE FUNCTION observation_embeddings_update() RETURNS trigger LANGUAGE plpgsql AS $f$
        BEGIN
            UPDATE observation_embeddings e
               SET team_id = n.team_id, project_id = n.project_id, kind = n.kind,
                   generated = n.generation_key IS NOT NULL, server_session_id = n.server_session_id,
                   created_at = n.created_at, embedding = CASE WHEN n.content = o.content THEN e.embedding END
              FROM new_rows n JOIN old_rows o ON o.id = n.id
             WHERE e.observation_id = n.id;
            RETURN NULL;
        END
        $f$;
        CREATE OR REPLACE FUNCTION observation_embeddings_delete() RETURNS trigger LANGUAGE plpgsql AS $f$
        BEGIN
            DELETE FROM observation_embeddings e USING old_rows o WHERE e.observation_id = o.id;
            RETURN NULL;
        END
        $f$;
        DROP TRIGGER IF EXISTS observation_embeddings_insert ON observations;
        DROP TRIGGER IF EXISTS observation_embeddings_update ON observations;
        DROP TRIGGER IF EXISTS observation_embeddings_delete ON observations;
        CREATE TRIGGER observation_embeddings_insert AFTER INSERT ON observations
            REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION observation_embeddings_insert();
        CREATE TRIGGER observation_embeddings_update AFTER UPDATE ON observations
            REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION observation_embeddings_update();
        CREATE TRIGGER observation_embeddings_delete AFTER DELETE ON observations
            REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION observation_embeddings_delete();
    END IF;
END
$$;
