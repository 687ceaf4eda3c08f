package dev.engram.summary.consumer;

/**
 * The job failed for good (a non-retryable error, or its attempts are spent). The binder is configured
 * not to retry this exception, so the record goes straight to the lane's dead-letter topic.
 */
class JobFailedPermanently extends RuntimeException {

    JobFailedPermanently(String jobId, String reason) {
        super("job " + jobId + " failed for good: " + reason);
    }
}
