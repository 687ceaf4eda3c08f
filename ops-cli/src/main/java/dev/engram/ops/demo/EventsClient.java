package dev.engram.ops.demo;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The few Engram routes the demo needs, over plain {@link HttpClient}: it talks to the stack exactly
 * as a Claude Code hook would, with a bearer key, so the demo exercises the real wire contract.
 */
public final class EventsClient {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final JsonMapper json;
    private final String baseUrl;
    private final String apiKey;

    public EventsClient(HttpClient http, JsonMapper json, String baseUrl, String apiKey) {
        this.http = http;
        this.json = json;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.apiKey = apiKey;
    }

    /**
     * A stored event and its generation job.
     *
     * @param eventId the event's id
     * @param jobId the generation job's id, null when the server made none
     */
    public record PostedEvent(String eventId, @Nullable String jobId) {
    }

    /** {@code POST /v1/events}; anything but 201 is an error. */
    public PostedEvent postEvent(ObjectNode body) {
        HttpRequest request = request("/v1/events")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                .build();
        JsonNode answer = send(request, 201);
        String eventId = answer.path("event").path("id").asString("");
        if (eventId.isEmpty()) {
            throw new IllegalStateException("POST /v1/events answered 201 without event.id: " + answer);
        }
        String jobId = answer.path("generationJob").path("id").asString("");
        return new PostedEvent(eventId, jobId.isEmpty() ? null : jobId);
    }

    /** {@code POST /v1/sessions/start}; returns the session id. */
    public String startSession(String projectId, String externalSessionId, String contentSessionId) {
        ObjectNode body = json.createObjectNode()
                .put("projectId", projectId)
                .put("externalSessionId", externalSessionId)
                .put("contentSessionId", contentSessionId)
                .put("platformSource", "claude-code")
                .put("agentType", "claude-code");
        HttpRequest request = request("/v1/sessions/start")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                .build();
        HttpResponse<String> response = exchange(request);
        if (response.statusCode() != 201 && response.statusCode() != 200) {
            throw new IllegalStateException("POST /v1/sessions/start answered " + response.statusCode() + ": "
                    + describeError(response.body()));
        }
        return json.readTree(response.body()).path("session").path("id").asString();
    }

    /** {@code POST /v1/sessions/{id}/end}; returns the summary job's id. */
    public String endSession(String sessionId) {
        HttpRequest request = request("/v1/sessions/" + encode(sessionId) + "/end")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        return send(request, 200).path("generationJob").path("id").asString();
    }

    /** {@code GET /v1/sessions/{id}/observations}: the session's observations and summary. */
    public List<Observation> sessionObservations(String sessionId) {
        JsonNode answer = send(request("/v1/sessions/" + encode(sessionId) + "/observations").GET().build(), 200);
        return observationsOf(answer);
    }

    /** {@code GET /v1/events/{id}/observations}, in creation order. */
    public List<Observation> observations(String eventId) {
        JsonNode answer = send(request("/v1/events/" + encode(eventId) + "/observations").GET().build(), 200);
        return observationsOf(answer);
    }

    private static List<Observation> observationsOf(JsonNode answer) {
        List<Observation> observations = new ArrayList<>();
        for (JsonNode o : answer.path("observations")) {
            observations.add(new Observation(o.path("kind").asString(""), o.path("content").asString("")));
        }
        return observations;
    }

    /** The job's status from {@code GET /v1/jobs/{id}}, or empty when the server does not know it (yet). */
    public Optional<String> jobStatus(String jobId) {
        HttpResponse<String> response = exchange(request("/v1/jobs/" + encode(jobId)).GET().build());
        if (response.statusCode() != 200) {
            return Optional.empty();
        }
        String status = json.readTree(response.body()).path("generationJob").path("status").asString("");
        return status.isEmpty() ? Optional.empty() : Optional.of(status);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + apiKey);
    }

    private JsonNode send(HttpRequest request, int expectedStatus) {
        HttpResponse<String> response = exchange(request);
        if (response.statusCode() != expectedStatus) {
            throw new IllegalStateException(request.method() + " " + request.uri().getPath() + " answered "
                    + response.statusCode() + ": " + describeError(response.body()));
        }
        return json.readTree(response.body());
    }

    private HttpResponse<String> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach Engram at " + baseUrl + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling " + request.uri(), e);
        }
    }

    /** The contract's error body is {@code {"error", "message"|"issues"}}; fall back to the raw text. */
    private String describeError(String body) {
        try {
            JsonNode error = json.readTree(body);
            String message = error.path("message").asString("");
            return message.isEmpty() ? body : error.path("error").asString("Error") + ": " + message;
        } catch (RuntimeException notJson) {
            return body.isBlank() ? "(empty body)" : body;
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8);
    }
}
