-- A filtered nearest-neighbour search (one project's rows, a type, a file) should read the HNSW index past
-- its ef_search candidates until enough rows pass the filter (pgvector 0.8's iterative scan); without it a
-- selective filter, or a page deeper than ef_search (40), comes back short. Set for the database where the
-- migrating role may (a superuser, or one granted SET on the parameter); elsewhere an operator runs the
-- ALTER DATABASE below once (docs/operations.md). Skipped where pgvector is absent.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector') THEN
        BEGIN
            EXECUTE format('ALTER DATABASE %I SET hnsw.iterative_scan = relaxed_order', current_database());
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE NOTICE 'cannot set hnsw.iterative_scan for this database (%); filtered semantic pages may be short',
                SQLERRM;
        END;
    END IF;
END
$$;
