-- Time-ordered (version 7, RFC 9562) UUIDs for the rows Postgres names itself: observations (and with them their
-- search and embedding rows), observation sources and sessions. Events and outbox rows get the same kind of id from
-- the API (dev.engram.core.id.TimeOrderedIds).
--
-- A random (version 4) id puts each new primary key entry on a random leaf page: once an index outgrows shared
-- buffers most inserts read a page back, and the first change to each page after a checkpoint writes the whole page
-- to the WAL. Ids that begin with the time append to the rightmost leaves. With 600,000 events stored, single-event
-- ingest ran 14 % faster with time-ordered ids (docs/benchmarks.md, 2026-12-07). Existing rows keep their ids; only
-- new ones are ordered.
--
-- Postgres 15 has no built-in for it (uuidv7() arrives in 18): the first 48 bits of a random UUID are replaced by
-- the Unix time in milliseconds and the version nibble is set to 7 (bits 52 and 53 of 0100); the variant bits of the
-- random UUID stay as they are.
CREATE OR REPLACE FUNCTION uuid_v7() RETURNS uuid
    LANGUAGE sql VOLATILE PARALLEL SAFE
AS $$
    SELECT encode(
               set_bit(set_bit(
                   overlay(uuid_send(gen_random_uuid())
                           PLACING substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
                           FROM 1 FOR 6),
                   52, 1), 53, 1),
               'hex')::uuid
$$;

ALTER TABLE observations ALTER COLUMN id SET DEFAULT uuid_v7();
ALTER TABLE observation_sources ALTER COLUMN id SET DEFAULT uuid_v7();
ALTER TABLE sessions ALTER COLUMN id SET DEFAULT uuid_v7();
