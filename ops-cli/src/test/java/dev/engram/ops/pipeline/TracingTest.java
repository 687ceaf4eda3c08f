package dev.engram.ops.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.ops.dev.DevStack;
import dev.engram.ops.testing.SharedDevStack;
import dev.engram.ops.testing.TraceCollector;
import dev.engram.ops.testing.TraceCollector.CollectedSpan;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One trace from the HTTP request to the job that wrote the observation, across the outbox and Kafka: the apps of
 * the shared stack export over OTLP/HTTP to a test collector, and a request sent with a sampled {@code traceparent}
 * must come back as one tree of spans from ingest-api (the request and the relay's send) and the processor.
 */
class TracingTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration EXPORTED = Duration.ofSeconds(60);

    private final DevStack stack = SharedDevStack.get();
    private final TraceCollector traces = SharedDevStack.traces();

    @Test
    void anEventsTraceRunsFromTheRequestThroughTheRelayToTheGenerationJob() throws Exception {
        String traceId = randomHex(16);
        String callerSpan = randomHex(8);
        JsonNode created = post("/v1/events", """
                {"projectId":"%s","sourceType":"hook","eventType":"tool_use","occurredAtEpoch":%d,
                 "contentSessionId":"tracing-%s",
                 "payload":{"tool_name":"Read","tool_input":{"file_path":"src/Traced.java"},"tool_response":"ok"}}
                """.formatted(stack.projectId(), System.currentTimeMillis(), UUID.randomUUID()),
                "00-" + traceId + "-" + callerSpan + "-01");
        String jobId = created.get("generationJob").get("id").asString();

        List<CollectedSpan> trace = awaitSpan(traceId, "generation-processor", "process engram.jobs.event");
        CollectedSpan request = only(trace, "ingest-api", "SPAN_KIND_SERVER");
        CollectedSpan send = only(trace, "ingest-api", "SPAN_KIND_PRODUCER");
        CollectedSpan job = named(trace, "process engram.jobs.event");

        assertThat(request.parentSpanId()).isEqualTo(callerSpan);
        assertThat(send.name()).isEqualTo("send engram.jobs.event");
        assertThat(send.parentSpanId()).isEqualTo(request.spanId());
        assertThat(send.attributes()).containsEntry("engram.job.id", jobId);
        assertThat(job.service()).isEqualTo("generation-processor");
        assertThat(job.parentSpanId()).isEqualTo(send.spanId());
        assertThat(job.attributes()).containsEntry("engram.job.id", jobId)
                .containsEntry("engram.job.outcome", "completed")
                .containsKey("engram.request.id");
    }

    @Test
    void aSummarysTraceRunsThroughTheBindersReceiveSpanToTheSummaryJob() throws Exception {
        JsonNode session = post("/v1/sessions/start", """
                {"projectId":"%s","externalSessionId":"%s"}""".formatted(stack.projectId(), UUID.randomUUID()), null);
        String sessionId = session.get("session").get("id").asString();
        String traceId = randomHex(16);
        post("/v1/sessions/" + sessionId + "/end", "", "00-" + traceId + "-" + randomHex(8) + "-01");

        List<CollectedSpan> trace = awaitSpan(traceId, "summary-processor", "process engram.jobs.summary");
        CollectedSpan send = only(trace, "ingest-api", "SPAN_KIND_PRODUCER");
        CollectedSpan job = named(trace, "process engram.jobs.summary");
        // on a lane consumed a record at a time, the binder's receive span continues the record's header and the
        // job's span descends from it
        List<CollectedSpan> between = ancestors(trace, job, send);
        assertThat(between).as("the spans between the relay's send and the job").isNotEmpty()
                .allMatch(span -> span.service().equals("summary-processor"))
                .anyMatch(span -> span.kind().equals("SPAN_KIND_CONSUMER"));
        assertThat(job.attributes()).containsEntry("engram.job.outcome", "completed");
    }

    private List<CollectedSpan> awaitSpan(String traceId, String service, String name) {
        await().atMost(EXPORTED).untilAsserted(() -> assertThat(traces.trace(traceId))
                .as("the spans of trace %s, of %d received", traceId, traces.size())
                .anyMatch(span -> span.service().equals(service) && span.name().equals(name)));
        // the request's and the relay's spans are exported in their own batches: wait for those too
        await().atMost(EXPORTED).until(() -> traces.trace(traceId).stream()
                .filter(span -> span.service().equals("ingest-api")).count() >= 2);
        return traces.trace(traceId);
    }

    /** The spans from {@code span}'s parent up to, not including, {@code ancestor}; fails if it is not an ancestor. */
    private static List<CollectedSpan> ancestors(List<CollectedSpan> trace, CollectedSpan span, CollectedSpan ancestor) {
        List<CollectedSpan> between = new ArrayList<>();
        String parent = span.parentSpanId();
        while (!parent.equals(ancestor.spanId())) {
            String id = parent;
            CollectedSpan next = trace.stream().filter(candidate -> candidate.spanId().equals(id)).findFirst()
                    .orElseThrow(() -> new AssertionError(span.name() + " does not descend from " + ancestor.name()
                            + " in " + trace));
            between.add(next);
            parent = next.parentSpanId();
        }
        return between;
    }

    private static CollectedSpan only(List<CollectedSpan> trace, String service, String kind) {
        List<CollectedSpan> found = trace.stream()
                .filter(span -> span.service().equals(service) && span.kind().equals(kind)).toList();
        assertThat(found).as("%s spans of %s in %s", kind, service, trace).hasSize(1);
        return found.get(0);
    }

    private static CollectedSpan named(List<CollectedSpan> trace, String name) {
        List<CollectedSpan> found = trace.stream().filter(span -> span.name().equals(name)).toList();
        assertThat(found).as("spans named %s in %s", name, trace).hasSize(1);
        return found.get(0);
    }

    private JsonNode post(String path, String body, String traceparent) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.baseUrl() + path))
                .header("Authorization", "Bearer " + stack.apiKey())
                .header("Content-Type", "application/json")
                .POST(body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (traceparent != null) {
            request.header("traceparent", traceparent);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isBetween(200, 201);
        return JSON.readTree(response.body());
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
