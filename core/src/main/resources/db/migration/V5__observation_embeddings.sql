-- Semantic search: one 384-dimension embedding per observation (all-MiniLM-L6-v2), searched by cosine
-- distance through an HNSW index. It needs pgvector, which only a superuser can create (infra/pgvector
-- installs it and creates it in template1). Where the extension cannot be created, the schema stays
-- without embeddings and search answers full-text only; nothing fails. Installing pgvector later means
-- running this block again by hand (docs/operations.md).
DO $$
BEGIN
    BEGIN
        CREATE EXTENSION IF NOT EXISTS vector;
    EXCEPTION WHEN OTHERS THEN
        RAISE NOTICE 'pgvector is not available (%); semantic search stays off', SQLERRM;
    END;
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector') THEN
        ALTER TABLE observations ADD COLUMN IF NOT EXISTS embedding vector(384);
        CREATE INDEX IF NOT EXISTS observations_embedding_idx
            ON observations USING hnsw (embedding vector_cosine_ops);
        -- what the processors' embedding backfill looks for
        CREATE INDEX IF NOT EXISTS observations_unembedded_idx ON observations (created_at) WHERE embedding IS NULL;
    END IF;
END
$$;
