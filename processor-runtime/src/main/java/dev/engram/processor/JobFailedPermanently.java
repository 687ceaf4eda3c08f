package dev.engram.processor;

/**
 * A delivery ended with its job failed for good (a non-retryable error, or its attempts are spent). The
 * processors' delivery retries skip it, so the binder sends the record straight to the dead-letter topic.
 */
public class JobFailedPermanently extends RuntimeException {

    public JobFailedPermanently(String jobId, String reason) {
        super("job " + jobId + " failed for good: " + reason);
    }
}
