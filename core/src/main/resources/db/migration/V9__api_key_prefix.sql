-- The first characters of a key ("cm_" and 8 of its 48 hex digits), kept so that an operator can tell keys
-- apart in `engram keys list` and revoke one by them; 32 bits of a 192-bit key, so the key stays secret.
-- Keys created before this migration have none (they are listed and revoked by id).
ALTER TABLE api_keys ADD COLUMN key_prefix text;
CREATE INDEX api_keys_prefix_idx ON api_keys (key_prefix);
