package dev.engram.ops.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * HTTP load on an Engram (or claude-mem) server, with the request bodies of claude-mem's own benchmark
 * scripts: every body unique, so nothing is deduplicated away. Closed-loop throughput runs through wrk when it
 * is installed (the Lua scripts in {@code /bench}), else through a built-in client; the fixed-rate runs always
 * use the built-in open-loop client, which times each request from when it was due, not from when it was
 * sent, so a stalled server shows as latency (no coordinated omission).
 */
final class HttpLoad {

    private static final Pattern WRK_RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern WRK_NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern WRK_SOCKET_ERRORS = Pattern.compile(
            "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    /** How long either load generator waits for one answer before counting the request failed. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private static final ThreadFactory SENDERS = new ThreadFactory() {
        private final AtomicLong count = new AtomicLong();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "engram-bench-sender-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    };

    private final String baseUrl;
    private final String apiKey;
    private final String projectId;
    private final Path workDir;
    private final boolean useWrk;
    private final AtomicLong counter = new AtomicLong();
    private final long runBase = System.currentTimeMillis() * 1000;

    HttpLoad(String baseUrl, String apiKey, String projectId, Path workDir, boolean useWrk) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.projectId = projectId;
        this.workDir = workDir;
        this.useWrk = useWrk;
    }

    /** What a run measured. Latencies in milliseconds; {@code errors} counts non-2xx answers and failures. */
    record Figure(double requestsPerSecond, double p50Millis, double p99Millis, long errors) {
    }

    /** As many requests as {@code connections} concurrent clients get answered in {@code duration}. */
    Figure closed(String path, int batch, int connections, Duration duration) {
        return useWrk ? wrk(path, batch, connections, duration) : builtInClosed(path, batch, connections, duration);
    }

    /** {@code rate} requests per second for {@code duration}, each sent when due, whatever the answers do. */
    Figure open(String path, double rate, Duration duration) {
        HttpClient client = client();
        long period = (long) (1_000_000_000L / rate);
        long total = (long) (rate * duration.toNanos() / 1e9);
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
        // A request waits for its answer on a thread of this pool, reused from request to request: as many as
        // are outstanding at once, not one per request (see send)
        ExecutorService senders = Executors.newCachedThreadPool(SENDERS);
        long start = System.nanoTime();
        AtomicLong sent = new AtomicLong();
        ConcurrentLinkedQueue<CompletableFuture<?>> pending = new ConcurrentLinkedQueue<>();
        ticks.scheduleAtFixedRate(() -> {
            long due = start + sent.get() * period;
            // Catch up after a late tick: every request due by now is sent, each timed from its own due time.
            while (sent.get() < total && System.nanoTime() >= due) {
                long dueAt = due;
                HttpRequest request = request(path, 1);
                pending.add(CompletableFuture.runAsync(() -> send(client, request, dueAt, latencies, errors), senders));
                due = start + sent.incrementAndGet() * period;
            }
        }, 0, Math.max(1, period / 2), TimeUnit.NANOSECONDS);
        sleep(duration);
        ticks.shutdownNow();
        awaitAll(pending, Duration.ofSeconds(30));
        senders.shutdownNow();
        double elapsed = (System.nanoTime() - start) / 1e9;
        return figure(latencies, errors.get(), latencies.size() / Math.max(elapsed, 1e-9));
    }

    private Figure builtInClosed(String path, int batch, int connections, Duration duration) {
        HttpClient client = client();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        ExecutorService users = Executors.newFixedThreadPool(connections, SENDERS);
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            running.add(CompletableFuture.runAsync(() -> {
                for (long sentAt = System.nanoTime(); sentAt < end && !Thread.currentThread().isInterrupted();
                        sentAt = System.nanoTime()) {
                    send(client, request(path, batch), sentAt, latencies, errors);
                }
            }, users));
        }
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
        users.shutdownNow();
        double elapsed = (System.nanoTime() - start) / 1e9;
        return figure(latencies, errors.get(), latencies.size() / elapsed);
    }

    /**
     * Sends one request and records its latency from {@code from}, on the calling thread. Not
     * {@code HttpClient.sendAsync}: the JDK hands each answer of that to the common pool's default executor, which on
     * a machine of two cores (common pool parallelism 1) is a new thread per answer, so the client started 15,000
     * threads in a 500 events/s run and took that CPU from the stack it measured.
     */
    private static void send(HttpClient client, HttpRequest request, long from, ConcurrentLinkedQueue<Long> latencies,
            AtomicLong errors) {
        try {
            record(latencies, errors, from, client.send(request, HttpResponse.BodyHandlers.discarding()), null);
        } catch (IOException e) {
            record(latencies, errors, from, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Figure wrk(String path, int batch, int connections, Duration duration) {
        String script = batch > 1 ? "batch.lua" : "events.lua";
        Path lua = workDir.resolve(script);
        Processes.copyResource("/bench/" + script, lua);
        // wrk's own default gives up on a request after 2 s and leaves it out of the latencies (a batch under load
        // takes longer): wait as long as the built-in client does, so a slow answer counts as slow, not as an error
        Processes.Result result = Processes.run(List.of("wrk", "-t2", "-c" + connections,
                        "-d" + Math.max(1, duration.toSeconds()) + "s", "--timeout", REQUEST_TIMEOUT.toSeconds() + "s",
                        "--latency", "-s", lua.toString(), baseUrl + path),
                workDir.resolve("wrk-" + connections + "-" + path.replaceAll("[^a-z0-9]+", "_") + ".log"),
                duration.plusSeconds(60), "CM_KEY", apiKey, "CM_PROJECT", projectId, "CM_BATCH", String.valueOf(batch));
        Matcher rps = WRK_RPS.matcher(result.output());
        if (result.exitCode() != 0 || !rps.find()) {
            throw new IllegalStateException("wrk failed (exit " + result.exitCode() + "): " + result.tail());
        }
        long errors = 0;
        Matcher non2xx = WRK_NON_2XX.matcher(result.output());
        if (non2xx.find()) {
            errors += Long.parseLong(non2xx.group(1));
        }
        Matcher socket = WRK_SOCKET_ERRORS.matcher(result.output());
        if (socket.find()) {
            for (int group = 1; group <= 4; group++) {
                errors += Long.parseLong(socket.group(group));
            }
        }
        return new Figure(Double.parseDouble(rps.group(1)), wrkPercentile(result.output(), "50%"),
                wrkPercentile(result.output(), "99%"), errors);
    }

    /** wrk's latency distribution line ({@code 99%  12.34ms}), in milliseconds. */
    private static double wrkPercentile(String output, String percentile) {
        Matcher line = Pattern.compile("^\\s*" + Pattern.quote(percentile) + "\\s+([0-9.]+)(us|ms|s)\\s*$",
                Pattern.MULTILINE).matcher(output);
        if (!line.find()) {
            return Double.NaN;
        }
        double value = Double.parseDouble(line.group(1));
        return switch (line.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }

    /** Posts {@code requests} requests of {@code batch} events each, one after another; answers how many failed. */
    int post(String path, int batch, int requests) {
        HttpClient client = HttpClient.newHttpClient();
        int failed = 0;
        for (int i = 0; i < requests; i++) {
            try {
                HttpResponse<Void> response = client.send(request(path, batch), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() / 100 != 2) {
                    failed++;
                }
            } catch (IOException e) {
                failed++;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return failed + requests - i;
            }
        }
        return failed;
    }

    private HttpRequest request(String path, int batch) {
        StringBuilder body = new StringBuilder(batch > 1 ? "[" : "");
        for (int i = 0; i < batch; i++) {
            long n = runBase + counter.incrementAndGet();
            body.append(i == 0 ? "" : ",").append("{\"projectId\":\"").append(projectId)
                    .append("\",\"sourceType\":\"hook\",\"eventType\":\"tool_use\",\"occurredAtEpoch\":")
                    .append(n / 1000).append(",\"payload\":{\"tool_name\":\"Read\",\"tool_input\":{\"file_path\":\"src/f")
                    .append(n).append(".ts\"},\"tool_response\":\"ok ")
                    .append(ThreadLocalRandom.current().nextInt(1_000_000_000))
                    .append("\"},\"contentSessionId\":\"bench-s").append(n % 64).append("\"}");
        }
        if (batch > 1) {
            body.append(']');
        }
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + apiKey)
                .timeout(REQUEST_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
    }

    private static void record(ConcurrentLinkedQueue<Long> latencies, AtomicLong errors, long from,
            @Nullable HttpResponse<?> response, @Nullable Throwable failure) {
        latencies.add(System.nanoTime() - from);
        if (failure != null || response == null || response.statusCode() / 100 != 2) {
            errors.incrementAndGet();
        }
    }

    private static Figure figure(ConcurrentLinkedQueue<Long> latencies, long errors, double perSecond) {
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Figure(perSecond, percentile(sorted, 0.50), percentile(sorted, 0.99), errors);
    }

    private static double percentile(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static void awaitAll(ConcurrentLinkedQueue<CompletableFuture<?>> pending, Duration timeout) {
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // Requests still unanswered count as what they are: missing from the figure's answers.
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
