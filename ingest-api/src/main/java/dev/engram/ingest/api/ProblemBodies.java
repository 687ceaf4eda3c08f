package dev.engram.ingest.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.jspecify.annotations.Nullable;

/**
 * Builds RFC 9457 problem details that also carry claude-mem's {@code error} and {@code message} /
 * {@code issues} members, so both kinds of client read them.
 */
public final class ProblemBodies {

    public static final String TYPE_BASE = "https://engram.dev/problems/";

    private ProblemBodies() {
    }

    public static Map<String, Object> of(ApiException exception, @Nullable String instance, @Nullable String requestId) {
        Map<String, Object> body = base(exception.status(), exception.problemType(), exception.error(),
                exception.getMessage(), instance, requestId);
        List<ValidationIssue> issues = exception.issues();
        if (!issues.isEmpty()) {
            body.put("issues", issues);
        }
        return body;
    }

    public static Map<String, Object> base(HttpStatus status, String problemType, String error, @Nullable String message,
            @Nullable String instance, @Nullable String requestId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_BASE + problemType);
        body.put("title", status.getReasonPhrase());
        body.put("status", status.value());
        body.put("detail", message);
        if (instance != null) {
            body.put("instance", instance);
        }
        body.put("error", error);
        body.put("message", message);
        if (requestId != null) {
            body.put("requestId", requestId);
        }
        return body;
    }
}
