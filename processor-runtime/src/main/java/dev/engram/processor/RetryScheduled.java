package dev.engram.processor;

/** A delivery ended with its job re-queued with a delay; the binder retries the record with back-off. */
public class RetryScheduled extends RuntimeException {

    public RetryScheduled(String jobId, Throwable cause) {
        super("job " + jobId + " failed and will be retried: " + cause.getMessage(), cause);
    }
}
