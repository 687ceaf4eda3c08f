package dev.engram.ops.faults;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An agent's hooks under faults: {@code count} tool-use events posted open-loop at {@code perSecond}, each unique, each
 * posted again (the same body, so ingest's idempotency applies) after a refused connection, a timeout or a 503 until
 * it is accepted, waiting 250 ms doubling to 2 s in between, as a client that must not lose an event would. Every
 * attempt's answer is kept.
 */
final class EventLoad implements AutoCloseable {

    /** What one attempt got: an HTTP status, or {@link #REFUSED} / {@link #TIMED_OUT}. */
    record Attempt(int status, long millis, String contentType, String body) {

        boolean accepted() {
            return status >= 200 && status < 300;
        }
    }

    static final int REFUSED = -1;
    static final int TIMED_OUT = -2;
    /** The first wait before sending an event again, doubled at each attempt up to {@link #LONGEST_WAIT}. */
    private static final Duration RETRY_AFTER = Duration.ofMillis(250);
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(2);
    private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(5);

    /** One event and its attempts. */
    static final class Event {
        final String marker;
        final List<Attempt> attempts = Collections.synchronizedList(new ArrayList<>());
        volatile boolean accepted;
        volatile boolean gaveUp;
        final long firstSent = System.nanoTime();

        Event(String marker) {
            this.marker = marker;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final String baseUrl;
    private final String apiKey;
    private final String projectId;
    private final int count;
    private final int perSecond;
    private final List<Event> events = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch settled;
    private final AtomicInteger sent = new AtomicInteger();
    private final String run = Long.toHexString(System.nanoTime());

    EventLoad(String baseUrl, String apiKey, String projectId, int count, int perSecond) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.projectId = projectId;
        this.count = count;
        this.perSecond = perSecond;
        this.settled = new CountDownLatch(count);
    }

    /** Starts sending; returns at once. */
    EventLoad start() {
        long periodMicros = 1_000_000L / perSecond;
        for (int i = 0; i < count; i++) {
            int n = i;
            scheduler.schedule(() -> send(new Event(run + "-" + n), n), i * periodMicros, TimeUnit.MICROSECONDS);
        }
        return this;
    }

    /** How long sending takes, from {@link #start()} to the last first attempt. */
    Duration sendingTime() {
        return Duration.ofMillis(count * 1000L / perSecond);
    }

    int sent() {
        return sent.get();
    }

    /** Waits until every event was accepted or given up on; false if that did not happen within {@code timeout}. */
    boolean awaitSettled(Duration timeout) throws InterruptedException {
        return settled.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    List<Event> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    List<Attempt> attempts() {
        List<Attempt> all = new ArrayList<>();
        for (Event event : events()) {
            synchronized (event.attempts) {
                all.addAll(event.attempts);
            }
        }
        return all;
    }

    private void send(Event event, int n) {
        events.add(event);
        sent.incrementAndGet();
        attempt(event, n);
    }

    private void attempt(Event event, int n) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/events"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(event.marker, n))).build();
        long started = System.nanoTime();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            long millis = (System.nanoTime() - started) / 1_000_000;
            Attempt attempt = failure == null
                    ? new Attempt(response.statusCode(), millis,
                            response.headers().firstValue("Content-Type").orElse(""), response.body())
                    : new Attempt(timedOut(failure) ? TIMED_OUT : REFUSED, millis, "", String.valueOf(failure));
            event.attempts.add(attempt);
            if (attempt.accepted()) {
                event.accepted = true;
                settled.countDown();
            } else if (retryable(attempt.status())
                    && System.nanoTime() - event.firstSent < GIVE_UP_AFTER.toNanos()) {
                long wait = Math.min(LONGEST_WAIT.toMillis(),
                        RETRY_AFTER.toMillis() << Math.min(10, event.attempts.size() - 1));
                scheduler.schedule(() -> attempt(event, n), wait, TimeUnit.MILLISECONDS);
            } else {
                event.gaveUp = true;
                settled.countDown();
            }
        });
    }

    private static boolean retryable(int status) {
        return status == REFUSED || status == TIMED_OUT || status == 503;
    }

    private static boolean timedOut(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause instanceof HttpTimeoutException;
    }

    private String body(String marker, int n) {
        return """
                {"projectId":"%s","sourceType":"hook","eventType":"tool_use","occurredAtEpoch":1764000000000,
                 "contentSessionId":"fault-session-%s-%d","platformSource":"Claude-Code",
                 "payload":{"tool_name":"Edit","tool_input":{"file_path":"src/main/java/Retry%d.java",
                   "old_string":"retry(3)","new_string":"retry(5)"},"tool_response":"ok %s"}}
                """.formatted(projectId, run, n % 20, n % 50, marker);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
