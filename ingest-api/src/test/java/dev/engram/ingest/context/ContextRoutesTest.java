package dev.engram.ingest.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.core.testing.TestTenant;
import dev.engram.ingest.IngestApiTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /v1/context} and the SessionStart hook: summaries first, then the relevant timeline, within
 * the token budget and the deadline; and Engram's hook script, run as Claude Code runs it.
 */
class ContextRoutesTest extends IngestApiTest {

    private static final Path HOOK = Path.of("..", "infra", "hooks", "engram-session-start.sh");

    static TestTenant tenant;

    @LocalServerPort
    int port;

    @BeforeAll
    static void memory() {
        tenant = newTenant();
        for (String topic : List.of("retry", "billing", "auth")) {
            tenant.update("INSERT INTO observations (team_id, project_id, kind, content, generation_key, created_at) "
                    + "VALUES (?, ?, 'summary', ?, ?, now() - interval '1 hour')", tenant.teamId(), tenant.projectId(),
                    "Request: fix the " + topic + " bug\nCompleted: the " + topic + " fix", "summary:" + topic);
        }
        tenant.update("INSERT INTO observations (team_id, project_id, kind, content, generation_key, created_at) "
                + "VALUES (?, ?, 'summary', 'Request: oldest session', 'summary:old', now() - interval '9 hours')",
                tenant.teamId(), tenant.projectId());
        for (int i = 0; i < 12; i++) {
            tenant.update("INSERT INTO observations (team_id, project_id, kind, content, generation_key, created_at) "
                    + "VALUES (?, ?, 'decision', ?, ?, now() - make_interval(secs => ? * 60))", tenant.teamId(),
                    tenant.projectId(), "Retry backoff decision " + i + ": cap at " + (i + 1) + " seconds",
                    "obs:" + i, 30.0 - i);
        }
        tenant.update("INSERT INTO observations (team_id, project_id, kind, content) VALUES (?, ?, 'manual', ?)",
                tenant.teamId(), tenant.projectId(), "Invoices are rounded once, at the end");
    }

    @Test
    void packsRecentSummariesThenTheRelevantTimelineOldestFirst() {
        JsonNode pack = ok(context(tenant.apiKey(), """
                {"projectId":"%s","query":"retry backoff","limit":5}""".formatted(tenant.projectId())));

        List<String> kinds = list(pack.get("observations")).stream().map(o -> o.get("kind").asString()).toList();
        List<String> contents = list(pack.get("observations")).stream().map(o -> o.get("content").asString()).toList();
        assertThat(kinds).containsExactly("summary", "summary", "summary", "decision", "decision", "decision",
                "decision", "decision");
        assertThat(contents.subList(0, 3)).noneMatch(c -> c.contains("oldest"));
        assertThat(contents.subList(3, 8)).allMatch(c -> c.startsWith("Retry backoff decision"));
        List<Long> times = list(pack.get("observations")).stream().skip(3)
                .map(o -> o.get("createdAtEpoch").asLong()).toList();
        assertThat(times).isSorted();
        assertThat(pack.get("context").asString()).isEqualTo(String.join("\n\n", contents));
        assertThat(pack.get("partial").asBoolean()).isFalse();
        assertThat(pack.get("truncated").asBoolean()).isFalse();
    }

    @Test
    void withoutAQueryTheTimelineIsTheMostRecent() {
        JsonNode pack = ok(context(tenant.apiKey(), """
                {"projectId":"%s","limit":2}""".formatted(tenant.projectId())));

        assertThat(pack.get("context").asString()).contains("Invoices are rounded once").contains("decision 11");
    }

    @Test
    void theTextIsCutToTheTokenBudget() {
        JsonNode pack = ok(context(tenant.apiKey(), """
                {"projectId":"%s","query":"retry backoff","limit":50,"maxTokens":60}""".formatted(tenant.projectId())));

        assertThat(pack.get("context").asString().length()).isLessThanOrEqualTo(60 * 4);
        assertThat(pack.get("tokens").asInt()).isLessThanOrEqualTo(60);
        assertThat(pack.get("truncated").asBoolean()).isTrue();
        assertThat(pack.get("observations").size()).isPositive();
    }

    @Test
    void aSlowDatabaseYieldsAPartialPackWithinTheDeadline() {
        // Holds a lock every read of the pack's parts waits on, longer than the deadline.
        try (var lock = tenant.database().connect()) {
            lock.setAutoCommit(false);
            lock.createStatement().execute("LOCK TABLE observations IN ACCESS EXCLUSIVE MODE");
            long start = System.nanoTime();
            JsonNode pack = ok(context(tenant.apiKey(), """
                    {"projectId":"%s","query":"retry"}""".formatted(tenant.projectId())));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            lock.rollback();

            assertThat(pack.get("partial").asBoolean()).isTrue();
            assertThat(pack.get("observations").size()).isZero();
            assertThat(took).isLessThan(Duration.ofSeconds(2));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aProjectOutsideTheKeysScopeIsRefusedNotPacked() {
        TestTenant other = newTenant();
        String projectKey = tenant.newKey(tenant.addProject(), List.of("memories:read"));

        context(tenant.apiKey(), """
                {"projectId":"%s"}""".formatted(other.projectId())).expectStatus().isNotFound();
        context(projectKey, """
                {"projectId":"%s"}""".formatted(tenant.projectId())).expectStatus().isForbidden();
        context(tenant.apiKey(), """
                {"projectId":"%s","maxTokens":10,"limit":0,"match":"some","mode":"psychic"}""".formatted(tenant.projectId()))
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.issues[*].path[0]").value(paths -> assertThat(paths.toString())
                        .contains("maxTokens").contains("limit").contains("match").contains("mode"));
    }

    @Test
    void theSessionStartHookPrintsTheContextClaudeCodeInjects() throws Exception {
        String projectKey = tenant.newKey(tenant.projectId(), List.of("memories:read"));

        Run run = hook(Map.of("ENGRAM_URL", "http://127.0.0.1:" + port, "ENGRAM_API_KEY", projectKey));

        assertThat(run.exitCode()).isZero();
        JsonNode answer = JsonMapper.builder().build().readTree(run.stdout());
        assertThat(answer.at("/hookSpecificOutput/hookEventName").asString()).isEqualTo("SessionStart");
        assertThat(answer.at("/hookSpecificOutput/additionalContext").asString())
                .startsWith("Engram memory of project " + tenant.projectId())
                .contains("Request: fix the retry bug").contains("Invoices are rounded once");
    }

    @Test
    void theHookExitsQuietlyAndQuicklyWhenEngramIsDown() throws Exception {
        Run run = hook(Map.of("ENGRAM_URL", "http://127.0.0.1:1", "ENGRAM_API_KEY", tenant.apiKey()));

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).isEmpty();
        assertThat(run.took()).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void theHookDoesNothingWithABadKey() throws Exception {
        Run run = hook(Map.of("ENGRAM_URL", "http://127.0.0.1:" + port, "ENGRAM_API_KEY", "cm_not_a_key",
                "ENGRAM_PROJECT", tenant.projectId()));

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).isEmpty();
    }

    private Run hook(Map<String, String> environment) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("sh", HOOK.toString());
        builder.environment().putAll(environment);
        long start = System.nanoTime();
        Process process = builder.start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write("""
                    {"session_id":"abc","transcript_path":"/tmp/t.jsonl","cwd":"/home/dev/acme",
                     "hook_event_name":"SessionStart","source":"startup"}""".getBytes(StandardCharsets.UTF_8));
        }
        String stdout = read(process.getInputStream());
        assertThat(process.waitFor(5, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), stdout.strip(), Duration.ofNanos(System.nanoTime() - start));
    }

    private static String read(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private WebTestClient.ResponseSpec context(String key, String body) {
        return http.post().uri("/v1/context").header("Authorization", "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private static JsonNode ok(WebTestClient.ResponseSpec response) {
        return response.expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new java.util.ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    private record Run(int exitCode, String stdout, Duration took) {
    }
}
