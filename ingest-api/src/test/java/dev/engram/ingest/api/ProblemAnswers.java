package dev.engram.ingest.api;

import java.net.http.HttpResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What is wrong with an answer that should be a 4xx problem detail, as the bad-input tests judge it. */
final class ProblemAnswers {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemAnswers() {
    }

    /**
     * Null when {@code response} is a 4xx {@code application/problem+json} with its status and a detail and no stack
     * trace; otherwise what is wrong with it.
     */
    static @Nullable String problemOf(HttpResponse<String> response) {
        if (response.statusCode() < 400 || response.statusCode() >= 500) {
            return "status " + response.statusCode() + " " + abbreviate(response.body());
        }
        if (!response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
            return "content type " + response.headers().firstValue("Content-Type").orElse("none");
        }
        JsonNode body = JSON.readTree(response.body());
        if (body.path("status").asInt() != response.statusCode() || body.path("detail").asString("").isBlank()) {
            return "problem without status or detail: " + abbreviate(response.body());
        }
        if (response.body().contains("Exception") || response.body().contains("\tat ")) {
            return "a stack trace: " + abbreviate(response.body());
        }
        return null;
    }

    static String abbreviate(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }
}
