package dev.engram.summary.consumer;

/** The job was re-queued with a delay; the binder retries the record with back-off. */
class RetryScheduled extends RuntimeException {

    RetryScheduled(String jobId, Throwable cause) {
        super("job " + jobId + " failed and will be retried: " + cause.getMessage(), cause);
    }
}
