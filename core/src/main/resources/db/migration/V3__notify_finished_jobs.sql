-- Wakes ?wait=true requests as soon as a job reaches a terminal state, instead of having them poll.
CREATE FUNCTION generation_job_finished_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('engram_job_finished', NEW.id);
    RETURN NULL;
END;
$$;
CREATE TRIGGER generation_job_finished_notify
    AFTER UPDATE OF status ON generation_jobs
    FOR EACH ROW
    WHEN (NEW.status IN ('completed', 'failed', 'cancelled') AND OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION generation_job_finished_notify();
