package dev.engram.ingest.api;

import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * A client-visible failure that maps to exactly one HTTP status and problem type. Subclasses are the
 * only way routes report errors, so every error body has the same shape.
 */
public abstract class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String error;
    private final String problemType;

    protected ApiException(HttpStatus status, String error, String problemType, String message) {
        super(message, null, false, false);
        this.status = status;
        this.error = error;
        this.problemType = problemType;
    }

    public HttpStatus status() {
        return status;
    }

    /** claude-mem's {@code error} word, kept for wire compatibility. */
    public String error() {
        return error;
    }

    /** The last segment of the stable problem {@code type} URI. */
    public String problemType() {
        return problemType;
    }

    /** Per-field issues; empty except for validation failures. */
    public List<ValidationIssue> issues() {
        return List.of();
    }

    /** 400: the body or the query failed validation. */
    public static final class ValidationFailed extends ApiException {
        private final List<ValidationIssue> issues;

        public ValidationFailed(List<ValidationIssue> issues) {
            super(HttpStatus.BAD_REQUEST, "ValidationError", "validation",
                    issues.isEmpty() ? "Invalid request" : issues.get(0).describe());
            this.issues = List.copyOf(issues);
        }

        public static ValidationFailed of(ValidationIssue issue) {
            return new ValidationFailed(List.of(issue));
        }

        @Override
        public List<ValidationIssue> issues() {
            return issues;
        }
    }

    /** 401: no API key at all. */
    public static final class Unauthorized extends ApiException {
        public Unauthorized(String message) {
            super(HttpStatus.UNAUTHORIZED, "Unauthorized", "unauthorized", message);
        }
    }

    /** 403: unknown, revoked or expired key, a missing scope, or a project outside the key's scope. */
    public static final class Forbidden extends ApiException {
        public Forbidden(String message) {
            super(HttpStatus.FORBIDDEN, "Forbidden", "forbidden", message);
        }
    }

    /** 404: unknown id, or an id of another tenant (existence must not leak). */
    public static final class NotFound extends ApiException {
        public NotFound(String thing) {
            super(HttpStatus.NOT_FOUND, "NotFound", "not-found", thing + " not found");
        }
    }

    /** 409: the resource's state refuses the operation. */
    public static final class Conflict extends ApiException {
        public Conflict(String message) {
            super(HttpStatus.CONFLICT, "Conflict", "conflict", message);
        }
    }

    /** 429: the key made more requests than its rate limit allows; {@code retryAfterSeconds} says when to retry. */
    public static final class TooManyRequests extends ApiException {
        private final long retryAfterSeconds;

        public TooManyRequests(String message, long retryAfterSeconds) {
            super(HttpStatus.TOO_MANY_REQUESTS, "TooManyRequests", "too-many-requests", message);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    /** 414: the request target is over the limit. */
    public static final class UriTooLong extends ApiException {
        public UriTooLong(int length, int limit) {
            super(HttpStatus.URI_TOO_LONG, "UriTooLong", "uri-too-long",
                    "The request target is " + length + " characters; the limit is " + limit);
        }
    }

    /** 413: the request body is over the configured limit. */
    public static final class PayloadTooLarge extends ApiException {
        public PayloadTooLarge(long limitBytes) {
            super(HttpStatus.CONTENT_TOO_LARGE, "PayloadTooLarge", "payload-too-large",
                    "Request body exceeds the limit of " + limitBytes + " bytes (engram.ingest.max-body-size)");
        }
    }

    /**
     * 503: the database cannot be reached (down, restarting, refusing connections). The same request may be sent again
     * after {@code retryAfterSeconds}: nothing was written, unless the connection was lost during the commit itself,
     * and then an event sent again is recognised by its idempotency key, not stored twice.
     */
    public static final class DatabaseUnavailable extends ApiException {
        private final long retryAfterSeconds;

        public DatabaseUnavailable(long retryAfterSeconds) {
            super(HttpStatus.SERVICE_UNAVAILABLE, "ServiceUnavailable", "database-unavailable",
                    "The database is unavailable; send the request again in " + retryAfterSeconds
                            + " s (an event sent again is recognised, never stored twice)");
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }
}
