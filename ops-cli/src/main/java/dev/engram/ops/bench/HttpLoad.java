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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
        long start = System.nanoTime();
        AtomicLong sent = new AtomicLong();
        ConcurrentLinkedQueue<CompletableFuture<?>> pending = new ConcurrentLinkedQueue<>();
        ticks.scheduleAtFixedRate(() -> {
            long due = start + sent.get() * period;
            // Catch up after a late tick: every request due by now is sent, each timed from its own due time.
            while (sent.get() < total && System.nanoTime() >= due) {
                long dueAt = due;
                pending.add(client.sendAsync(request(path, 1), HttpResponse.BodyHandlers.discarding())
                        .whenComplete((response, failure) -> record(latencies, errors, dueAt, response, failure)));
                due = start + sent.incrementAndGet() * period;
            }
        }, 0, Math.max(1, period / 2), TimeUnit.NANOSECONDS);
        sleep(duration);
        ticks.shutdownNow();
        awaitAll(pending, Duration.ofSeconds(30));
        double elapsed = (System.nanoTime() - start) / 1e9;
        return figure(latencies, errors.get(), latencies.size() / Math.max(elapsed, 1e-9));
    }

    private Figure builtInClosed(String path, int batch, int connections, Duration duration) {
        HttpClient client = client();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<CompletableFuture<Void>> users = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            users.add(loop(client, path, batch, end, latencies, errors));
        }
        CompletableFuture.allOf(users.toArray(CompletableFuture[]::new)).join();
        double elapsed = (System.nanoTime() - start) / 1e9;
        return figure(latencies, errors.get(), latencies.size() / elapsed);
    }

    private CompletableFuture<Void> loop(HttpClient client, String path, int batch, long end,
            ConcurrentLinkedQueue<Long> latencies, AtomicLong errors) {
        long sentAt = System.nanoTime();
        if (sentAt >= end) {
            return CompletableFuture.completedFuture(null);
        }
        return client.sendAsync(request(path, batch), HttpResponse.BodyHandlers.discarding())
                .handle((response, failure) -> {
                    record(latencies, errors, sentAt, response, failure);
                    return null;
                })
                .thenCompose(unused -> loop(client, path, batch, end, latencies, errors));
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
            HttpResponse<?> response, Throwable failure) {
        latencies.add(System.nanoTime() - from);
        if (failure != null || response.statusCode() / 100 != 2) {
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
