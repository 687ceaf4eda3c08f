package dev.engram.core.job;

/** A record that can never be processed, however often it is retried: consumers dead-letter it at once. */
public class InvalidJobPayloadException extends RuntimeException {

    public InvalidJobPayloadException(String message) {
        super(message);
    }

    public InvalidJobPayloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
