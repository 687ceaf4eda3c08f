package dev.engram.ops.demo;

import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Replays the recorded Claude Code session against a running Engram: starts a session, posts each
 * event as a hook would, waits until the pipeline has turned them into observations, ends the session
 * and waits for its summary, printing all of it.
 */
public final class DemoSession {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);

    private final EventsClient client;
    private final DemoFixture fixture;
    private final PrintStream out;
    private final Duration timeout;

    public DemoSession(EventsClient client, DemoFixture fixture, PrintStream out, Duration timeout) {
        this.client = client;
        this.fixture = fixture;
        this.out = out;
        this.timeout = timeout;
    }

    /** A session against a running stack at {@code baseUrl}, authenticated with {@code apiKey}. */
    public static DemoSession against(String baseUrl, String apiKey, PrintStream out, Duration timeout) {
        JsonMapper json = JsonMapper.builder().build();
        EventsClient client = new EventsClient(HttpClient.newHttpClient(), json, baseUrl, apiKey);
        return new DemoSession(client, new DemoFixture(json), out, timeout);
    }

    /**
     * Runs the whole session against {@code projectId}: start, its events, their observations, end, and
     * the summary, waiting for each up to the timeout.
     */
    public DemoResult run(String projectId) {
        String runId = UUID.randomUUID().toString().substring(0, 8);
        String sessionId = client.startSession(projectId, "demo-" + runId, DemoFixture.contentSessionId(runId));
        out.println("Started session " + sessionId + " in project " + projectId);
        List<DemoEvent> events = fixture.events(projectId, sessionId, runId);
        out.println("Posting " + events.size() + " events of a recorded Claude Code session");
        List<EventOutcome> outcomes = new ArrayList<>();
        for (DemoEvent event : events) {
            EventsClient.PostedEvent posted = client.postEvent(event.body());
            out.printf("  %-11s event %s  job %s%n", event.label(), posted.eventId(), posted.jobId() == null ? "-" : posted.jobId());
            outcomes.add(new EventOutcome(event, posted.eventId(), posted.jobId(), List.of(), null));
        }
        out.println("Waiting up to " + timeout.toSeconds() + " s for observations ...");
        List<EventOutcome> settled = awaitSettled(outcomes);
        String summaryJob = client.endSession(sessionId);
        out.println("Ended session " + sessionId + "; summary job " + summaryJob);
        DemoResult result = new DemoResult(settled, awaitSummary(sessionId));
        print(result);
        return result;
    }

    private @Nullable Observation awaitSummary(String sessionId) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Optional<Observation> summary = client.sessionObservations(sessionId).stream()
                    .filter(observation -> "summary".equals(observation.kind()))
                    .findFirst();
            if (summary.isPresent() || Instant.now().isAfter(deadline)) {
                return summary.orElse(null);
            }
            pause();
        }
    }

    private List<EventOutcome> awaitSettled(List<EventOutcome> outcomes) {
        Instant deadline = Instant.now().plus(timeout);
        List<EventOutcome> current = outcomes;
        while (true) {
            current = current.stream().map(this::refresh).toList();
            if (current.stream().allMatch(EventOutcome::settled) || Instant.now().isAfter(deadline)) {
                return current;
            }
            pause();
        }
    }

    private EventOutcome refresh(EventOutcome outcome) {
        if (outcome.settled()) {
            return outcome;
        }
        List<Observation> observations = client.observations(outcome.eventId());
        @Nullable String status = outcome.jobId() == null ? null : client.jobStatus(outcome.jobId()).orElse(null);
        // The job may have completed between the two calls: read its results once more so none are missed.
        if (observations.isEmpty() && "completed".equals(status)) {
            observations = client.observations(outcome.eventId());
        }
        return outcome.with(observations, status);
    }

    private void print(DemoResult result) {
        out.println();
        for (EventOutcome outcome : result.outcomes()) {
            String jobState = outcome.jobStatus() == null ? "" : " (job " + outcome.jobStatus() + ")";
            out.println(outcome.event().label() + " " + outcome.event().body().path("sourceEventId").asString("")
                    + ": " + outcome.observations().size() + " observation(s)" + jobState);
            for (Observation observation : outcome.observations()) {
                // The rendered content starts with the title: put it beside the kind, indent the rest.
                List<String> lines = observation.content().strip().lines().toList();
                out.println("  [" + observation.kind() + "] " + (lines.isEmpty() ? "" : lines.get(0)));
                lines.stream().skip(1).forEach(line -> out.println(line.isBlank() ? "" : "      " + line));
            }
        }
        out.println();
        out.println(result.observationCount() + " observation(s) from " + result.outcomes().size() + " events.");
        Observation summary = result.summary();
        if (summary == null) {
            out.println("No session summary came back.");
        } else {
            out.println();
            out.println("Session summary:");
            summary.content().strip().lines().forEach(line -> out.println("  " + line));
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for observations", e);
        }
    }
}
