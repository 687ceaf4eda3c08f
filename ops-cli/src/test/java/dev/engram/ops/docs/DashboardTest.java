package dev.engram.ops.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.core.testing.EngramDashboard;
import dev.engram.ops.dev.DevStack;
import dev.engram.ops.testing.SharedDevStack;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Grafana dashboard (infra/grafana/dashboards/engram.json): well formed for the provisioned Prometheus data
 * source, and every Engram metric it queries is really exported by the apps once the pipeline has run a job on each
 * kind of lane. The provider metrics need a remote provider, which the shared stack does not run:
 * {@code RemoteProviderTest} (generation-processor) checks those against its own scrape.
 */
class DashboardTest {

    private static final Path DATASOURCE = Path.of("..", "infra", "grafana", "provisioning", "datasources",
            "prometheus.yml");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void everyPanelQueriesTheProvisionedPrometheusAndHasItsOwnPlaceOnTheGrid() throws Exception {
        JsonNode dashboard = EngramDashboard.read();
        assertThat(dashboard.path("uid").asString()).isEqualTo("engram");
        assertThat(Files.readString(DATASOURCE)).contains("uid: engram-prometheus");
        Set<Integer> ids = new HashSet<>();
        Set<String> places = new HashSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            String title = panel.path("title").asString();
            assertThat(ids.add(panel.path("id").asInt())).as("panel id of %s is unique", title).isTrue();
            JsonNode grid = panel.path("gridPos");
            assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as("%s fits the 24 columns", title)
                    .isBetween(1, 24);
            assertThat(places.add(grid.path("x").asInt() + "," + grid.path("y").asInt()))
                    .as("%s has a place of its own", title).isTrue();
            if (panel.path("type").asString().equals("row")) {
                continue;
            }
            assertThat(panel.path("datasource").path("uid").asString()).as(title).isEqualTo("engram-prometheus");
            assertThat(panel.path("targets")).as("%s has queries", title).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("expr").asString()).as(title).contains("engram_");
                assertThat(target.path("datasource").path("uid").asString()).as(title).isEqualTo("engram-prometheus");
            }
        }
        assertThat(EngramDashboard.metrics()).contains("engram_ingest_events_total", "engram_kafka_consumer_lag",
                "engram_jobs_run_seconds_bucket", "engram_provider_calls_seconds_bucket");
    }

    @Test
    void everyMetricTheDashboardQueriesIsExportedByTheApps() throws Exception {
        DevStack stack = SharedDevStack.get();
        runAnEventAndASummary(stack);
        Set<String> queried = EngramDashboard.metrics().stream()
                .filter(metric -> !metric.startsWith("engram_provider_")).collect(Collectors.toSet());

        // the pipeline gauges are read every 5 s, the lag once the groups have committed
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(EngramDashboard.missingFrom(scrape(stack), queried))
                        .as("metrics the dashboard queries that no app exports").isEmpty());
    }

    private static String scrape(DevStack stack) {
        return Stream.of(stack.ingestContext(), stack.generationContext(), stack.summaryContext())
                .map(context -> context.getBean(PrometheusMeterRegistry.class).scrape())
                .collect(Collectors.joining("\n"));
    }

    private static void runAnEventAndASummary(DevStack stack) throws Exception {
        String sessionId = JSON.readTree(post(stack, "/v1/sessions/start", """
                {"projectId":"%s","externalSessionId":"%s"}""".formatted(stack.projectId(), UUID.randomUUID())))
                .get("session").get("id").asString();
        post(stack, "/v1/events?wait=true", """
                {"projectId":"%s","serverSessionId":"%s","sourceType":"hook","eventType":"tool_use",
                 "occurredAtEpoch":%d,"payload":{"tool_name":"Read","tool_input":{"file_path":"src/Dash.java"},
                 "tool_response":"ok"}}""".formatted(stack.projectId(), sessionId, System.currentTimeMillis()));
        post(stack, "/v1/sessions/" + sessionId + "/end", "");
    }

    private static String post(DevStack stack, String path, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.baseUrl() + path))
                .header("Authorization", "Bearer " + stack.apiKey())
                .header("Content-Type", "application/json")
                .POST(body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isBetween(200, 201);
        return response.body();
    }
}
