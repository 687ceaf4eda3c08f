-- Debounced jobs must not be published before their window closes: the relay skips outbox rows whose
-- available_at is still in the future. NULL means "at once" (every row before this version).
ALTER TABLE outbox ADD COLUMN available_at timestamptz;

ALTER TABLE projects ADD CONSTRAINT projects_generation_policy_check
    CHECK (generation_policy IS NULL OR generation_policy IN ('per-event', 'debounce', 'end-of-session'));
