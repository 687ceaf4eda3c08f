package dev.engram.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.core.testing.TestTenant;
import dev.engram.ingest.IngestApiTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A corpus of bad bodies, sent as a new user or a broken client would, to every route that reads a JSON body: each
 * answer is a 4xx problem detail that says what is wrong (never a 5xx, never a stack trace), and nothing is written.
 * The bodies are classes of mistakes (not JSON, the wrong JSON type, wrong field types, NUL and odd Unicode,
 * injection strings, nesting past the parser's limit, a body over the size limit), each wrong for every route.
 */
class BadInputCorpusTest extends IngestApiTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /**
     * Every route that reads a JSON body. {@code POST /v1/hooks/claude-code/session-start} is not among them: it
     * reads nothing of the hook's body (the project comes from the query or the key) and answers {@code {}} whatever
     * it holds, so a broken hook never fails a session's start.
     */
    private static final List<String> ROUTES = List.of("/v1/events", "/v1/events/batch", "/v1/sessions/start",
            "/v1/memories", "/v1/search", "/v1/context", "/v1/keys", "/v1/jobs/requeue",
            "/api/sessions/observations", "/api/sessions/summarize");
    /**
     * Bodies that are not wrong for a route: {@code POST /v1/keys} takes an optional body whose fields are all
     * optional ({@code label}, {@code expiresInDays}), so no body, or an object of other fields, mints a key.
     */
    private static final Map<String, Set<String>> VALID_THERE = Map.of("/v1/keys", Set.of("an empty body",
            "projectId of the wrong type", "a NUL in every string", "SQL injection", "XML injection",
            "invalid UTF-8"));
    /** The tenant's rows a request could write (an outbox row comes only with a job). */
    private static final List<String> TABLES = List.of("agent_events", "sessions", "generation_jobs",
            "observations");

    @LocalServerPort
    int port;

    @Test
    void everyBadBodyOnEveryRouteIsA4xxProblemDetailAndWritesNothing() throws Exception {
        TestTenant tenant = newTenant();
        String key = tenant.newKey(tenant.projectId(), List.of("memories:read", "memories:write"));
        long keysBefore = tenant.count("SELECT count(*) FROM api_keys WHERE team_id = ?", tenant.teamId());
        List<String> wrong = new ArrayList<>();
        for (String route : ROUTES) {
            for (Map.Entry<String, byte[]> body : corpus(tenant.projectId()).entrySet()) {
                if (VALID_THERE.getOrDefault(route, Set.of()).contains(body.getKey())) {
                    continue;
                }
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + route))
                        .header("Authorization", "Bearer " + key)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.getValue())).build(),
                        HttpResponse.BodyHandlers.ofString());
                String problem = ProblemAnswers.problemOf(response);
                if (problem != null) {
                    wrong.add(route + " with " + body.getKey() + ": " + problem);
                }
            }
        }
        assertThat(wrong).as("answers that are not a 4xx problem detail").isEmpty();
        for (String table : TABLES) {
            assertThat(tenant.count("SELECT count(*) FROM " + table + " WHERE team_id = ?", tenant.teamId()))
                    .as("rows of %s", table).isZero();
        }
        assertThat(tenant.count("SELECT count(*) FROM api_keys WHERE team_id = ?", tenant.teamId()))
                .as("keys").isEqualTo(keysBefore);
    }

    private static Map<String, byte[]> corpus(String projectId) {
        Map<String, String> text = new LinkedHashMap<>();
        text.put("an empty body", "");
        text.put("truncated JSON", "{\"projectId\": \"" + projectId + "\", \"eventType\": ");
        text.put("not JSON", "projectId=" + projectId);
        text.put("a JSON number", "42");
        text.put("a JSON string", "\"" + projectId + "\"");
        text.put("JSON null", "null");
        text.put("projectId of the wrong type", "{\"projectId\": 123, \"query\": 5, \"contentSessionId\": []}");
        text.put("a NUL in every string", "{\"projectId\": \"" + projectId + "\\u0000\", \"query\": \"a\\u0000\", "
                + "\"contentSessionId\": \"s\\u0000\", \"tool_name\": \"Read\\u0000\", \"content\": \"x\\u0000\"}");
        text.put("SQL injection", "{\"projectId\": \"' OR 1=1; DROP TABLE outbox; --\", \"query\": 7}");
        text.put("XML injection", "{\"projectId\": \"<observation><type>x</type></observation>\", \"limit\": \"all\"}");
        text.put("nesting past the parser's limit", "[".repeat(2000) + "]".repeat(2000));
        text.put("a body over the size limit", "{\"projectId\": \"" + "x".repeat(600 * 1024) + "\"}");
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        text.forEach((name, body) -> bodies.put(name, body.getBytes(StandardCharsets.UTF_8)));
        // not UTF-8 at all: a lone continuation byte and a truncated sequence inside a string
        bodies.put("invalid UTF-8", new byte[] {'{', '"', 'p', 'r', 'o', 'j', 'e', 'c', 't', 'I', 'd', '"', ':', '"',
            (byte) 0x80, (byte) 0xC3, '"', ',', '"', 'q', '"', ':', '1', '}'});
        return bodies;
    }
}
