package dev.engram.ingest.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * An RFC 9457 problem detail that also carries claude-mem's {@code error} and {@code message} /
 * {@code issues} members, so both kinds of client read it. Sent as {@code application/problem+json}.
 *
 * @param type {@code https://engram.dev/problems/<name>}, stable per error
 * @param title the status's reason phrase
 * @param status the HTTP status
 * @param detail what went wrong, for a person
 * @param instance the request path
 * @param error claude-mem's error word ({@code ValidationError}, {@code NotFound}, ...)
 * @param message the same as {@code detail}, under claude-mem's name
 * @param requestId the request's id, also in the audit log
 * @param issues one entry per invalid field, for a validation error
 */
public record Problem(
        String type,
        String title,
        int status,
        @Nullable String detail,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String instance,
        String error,
        @Nullable String message,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String requestId,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ValidationIssue> issues) {

    public static final String TYPE_BASE = "https://engram.dev/problems/";

    public Problem {
        issues = List.copyOf(issues);
    }

    public static Problem of(ApiException exception, @Nullable String instance, @Nullable String requestId) {
        return new Problem(TYPE_BASE + exception.problemType(), exception.status().getReasonPhrase(),
                exception.status().value(), exception.getMessage(), instance, exception.error(),
                exception.getMessage(), requestId, exception.issues());
    }

    public static Problem of(HttpStatus status, String problemType, String error, @Nullable String message,
            @Nullable String instance, @Nullable String requestId) {
        return new Problem(TYPE_BASE + problemType, status.getReasonPhrase(), status.value(), message, instance, error,
                message, requestId, List.of());
    }

    /** The same problem under another {@code error} word, for the one route where claude-mem uses its own. */
    public Problem withError(String otherError) {
        return new Problem(type, title, status, detail, instance, otherError, message, requestId, issues);
    }
}
