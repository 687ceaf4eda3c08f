package dev.engram.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.core.testing.TestTenant;
import dev.engram.ingest.IngestApiTest;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/**
 * Generated query strings and path ids (jqwik's generators, a fixed seed so a failure repeats) on every route that
 * reads them, sent as raw HTTP: whatever a client puts there, the answer is a 2xx, or a 4xx problem detail with its
 * status and a detail, never a 5xx or a stack trace; and another tenant's real ids are answered like unknown ones.
 */
class GeneratedRequestsTest extends IngestApiTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final long SEED = 20261202L;
    private static final int QUERIES_PER_ROUTE = 120;
    private static final int IDS_PER_ROUTE = 50;

    /** Routes that read query parameters, and the parameters each reads. */
    private static final Map<String, List<String>> QUERY_ROUTES = Map.of(
            "GET /v1/jobs", List.of("limit", "offset", "since", "status", "source_type", "lane", "include"),
            "GET /v1/projects/{project}/jobs", List.of("limit", "offset", "since", "status", "lane"),
            "GET /v1/audit", List.of("since", "until", "limit", "offset", "action", "resourceId"),
            "POST /v1/events", List.of("generate", "wait"),
            "POST /v1/hooks/claude-code/session-start", List.of("projectId"));

    /** Routes with an id in the path. */
    private static final List<String> ID_ROUTES = List.of("GET /v1/events/{id}", "GET /v1/events/{id}/observations",
            "GET /v1/jobs/{id}", "POST /v1/jobs/{id}/retry", "POST /v1/jobs/{id}/cancel", "GET /v1/sessions/{id}",
            "GET /v1/sessions/{id}/observations", "POST /v1/sessions/{id}/end", "DELETE /v1/memories/{id}",
            "DELETE /v1/keys/{id}", "GET /v1/projects/{id}/jobs", "GET /v1/teams/{id}/jobs");

    @LocalServerPort
    int port;

    @Test
    void generatedQueryParametersAreAnsweredWithA2xxOrA4xxProblemDetail() throws Exception {
        TestTenant tenant = newTenant();
        String admin = tenant.newKey(tenant.projectId(), List.of("memories:read", "memories:write", "memories:admin"));
        Random random = new Random(SEED);
        List<String> values = Samples.of(values(), QUERIES_PER_ROUTE * 3, random);
        List<String> wrong = new ArrayList<>();
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        for (Map.Entry<String, List<String>> route : QUERY_ROUTES.entrySet()) {
            for (int i = 0; i < QUERIES_PER_ROUTE; i++) {
                // one to three parameters, one in ten an unknown name, each with a generated value
                StringBuilder query = new StringBuilder();
                for (int p = 0, n = 1 + random.nextInt(3); p < n; p++) {
                    String name = random.nextInt(10) == 0 ? "unknown" + p
                            : route.getValue().get(random.nextInt(route.getValue().size()));
                    query.append(p == 0 ? "" : "&").append(name).append('=')
                            .append(encode(values.get(random.nextInt(values.size()))));
                }
                String target = route.getKey().replace("{project}", tenant.projectId()) + "?" + query;
                HttpResponse<String> response = send(target, admin, tenant.projectId());
                statuses.merge(response.statusCode(), 1, Integer::sum);
                if (response.statusCode() >= 300) {
                    String problem = ProblemAnswers.problemOf(response);
                    if (problem != null) {
                        wrong.add(target + ": " + problem);
                    }
                }
            }
        }
        assertThat(wrong).as("answers that are neither a 2xx nor a 4xx problem detail").isEmpty();
        // the generated values reach both sides: accepted (ignored or clamped) and refused with a problem detail
        assertThat(statuses).as("answers by status").containsKeys(200, 201, 400);
    }

    @Test
    void generatedPathIdsAreA4xxProblemDetailAndAnotherTenantsRealIdsAreNotFound() throws Exception {
        TestTenant tenant = newTenant();
        String admin = tenant.newKey(tenant.projectId(), List.of("memories:read", "memories:write", "memories:admin"));
        TestTenant other = newTenant();
        List<String> theirs = realIdsOf(other);
        List<String> ids = Samples.of(values().filter(v -> !v.isEmpty()), IDS_PER_ROUTE, new Random(SEED));
        List<String> wrong = new ArrayList<>();
        for (String route : ID_ROUTES) {
            for (String id : ids) {
                String target = route.replace("{id}", encode(id));
                HttpResponse<String> response = send(target, admin, tenant.projectId());
                String problem = ProblemAnswers.problemOf(response);
                if (problem != null) {
                    wrong.add(target + ": " + problem);
                }
            }
            for (String id : theirs) {
                String target = route.replace("{id}", encode(id));
                HttpResponse<String> response = send(target, admin, tenant.projectId());
                if (response.statusCode() != 404 && response.statusCode() != 403 || ProblemAnswers.problemOf(response)
                        != null) {
                    wrong.add(target + " (another tenant's): status " + response.statusCode() + " "
                            + ProblemAnswers.abbreviate(response.body()));
                }
            }
        }
        assertThat(wrong).as("answers that are not a 4xx problem detail, or leak another tenant's rows").isEmpty();
        assertThat(other.count("SELECT count(*) FROM generation_jobs WHERE team_id = ? AND status <> 'queued'",
                other.teamId())).as("the other tenant's job was not retried or cancelled").isZero();
    }

    /**
     * Strings a client could put in a query or a path: numbers at and past every limit, dates right and wrong,
     * injection attempts, odd Unicode (lone surrogates are sent as the encoder writes them), control characters and
     * long runs, mixed with any generated text.
     */
    private static Arbitrary<String> values() {
        Arbitrary<String> nasty = Arbitraries.of("", " ", "0", "-1", "1", "200", "201", "1000", "100001",
                "2147483648", "-9223372036854775809", "99999999999999999999999", "1e3", "NaN", "Infinity", "0x10",
                "true", "false", "yes", "2026-12-01T00:00:00Z", "2026-13-45T99:99:99Z", "1764000000000", "yesterday",
                "' OR 1=1 --", "\"; DROP TABLE generation_jobs; --", "<script>alert(1)</script>",
                "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>",
                "../../etc/passwd", "..", ".", "%", "%%", "%2F", "/", "\\", "queued,failed,completed", "status",
                "ünïcödé", "表情😀", "\u202Egnp.exe", "\uFEFF", "\u0007\u001B[31m", "\uD800", "a".repeat(3000));
        Arbitrary<String> generated = Arbitraries.strings().withCharRange('\u0001', '\uFFFF').ofMaxLength(80);
        Arbitrary<String> numbers = Arbitraries.longs().map(String::valueOf);
        return Arbitraries.frequencyOf(Tuple.of(4, nasty), Tuple.of(4, generated),
                Tuple.of(2, numbers)).withoutEdgeCases();
    }

    /** Ids of rows {@code other} owns: its team, project, event, job, session. */
    private List<String> realIdsOf(TestTenant other) {
        JsonNode event = http.post().uri("/v1/events").header(HttpHeaders.AUTHORIZATION, "Bearer " + other.apiKey())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(toolUse(other.projectId(), "theirs"))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        JsonNode session = http.post().uri("/v1/sessions/start")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + other.apiKey()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"projectId\":\"" + other.projectId() + "\",\"externalSessionId\":\"theirs\"}")
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        return List.of(other.teamId(), other.projectId(), event.get("event").get("id").asString(),
                event.get("generationJob").get("id").asString(), session.get("session").get("id").asString());
    }

    private HttpResponse<String> send(String route, String key, String projectId) throws Exception {
        String method = route.substring(0, route.indexOf(' '));
        String target = route.substring(route.indexOf(' ') + 1);
        HttpRequest.BodyPublisher body = "POST".equals(method) && target.startsWith("/v1/events")
                ? HttpRequest.BodyPublishers.ofString(toolUse(projectId, "q" + target.hashCode()))
                : "POST".equals(method) ? HttpRequest.BodyPublishers.ofString("{}")
                : HttpRequest.BodyPublishers.noBody();
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + target))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .method(method, body).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
