package dev.engram.ops.demo;

import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Replays the recorded Claude Code session against a running Engram: posts each event as a hook
 * would, then waits until the pipeline has turned them into observations and prints those.
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

    /** Posts the session into {@code projectId} and waits for its observations, up to the timeout. */
    public DemoResult run(String projectId) {
        List<DemoEvent> events = fixture.events(projectId);
        out.println("Posting " + events.size() + " events of a recorded Claude Code session to project " + projectId);
        List<EventOutcome> outcomes = new ArrayList<>();
        for (DemoEvent event : events) {
            EventsClient.PostedEvent posted = client.postEvent(event.body());
            out.printf("  %-11s event %s  job %s%n", event.label(), posted.eventId(), posted.jobId() == null ? "-" : posted.jobId());
            outcomes.add(new EventOutcome(event, posted.eventId(), posted.jobId(), List.of(), null));
        }
        out.println("Waiting up to " + timeout.toSeconds() + " s for observations ...");
        DemoResult result = new DemoResult(awaitSettled(outcomes));
        print(result);
        return result;
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
