package dev.engram.ops.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for an OpenAI-compatible endpoint that takes {@code latency} per call, as a hosted model does: it
 * answers every chat completion with one observation after that long, in parallel (a thread per call), so the
 * benchmark measures how many calls a processor overlaps, not the stub. Counts calls and the most at once.
 */
final class SlowProvider implements AutoCloseable {

    private static final String ANSWER = """
            {"id":"chatcmpl-bench","object":"chat.completion","created":1764000000,"model":"bench-200ms",
             "choices":[{"index":0,"message":{"role":"assistant","content":"<observation><type>discovery</type>\
            <title>Read a file</title><narrative>The agent read a source file to understand it.</narrative>\
            </observation>","refusal":null},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":400,"completion_tokens":40,"total_tokens":440}}""";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "bench-slow-provider");
        thread.setDaemon(true);
        return thread;
    });
    private final long latencyMillis;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicInteger concurrent = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();

    SlowProvider(Duration latency) {
        this.latencyMillis = latency.toMillis();
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::answer);
        server.setExecutor(threads);
        server.start();
    }

    /** The base URL to give {@code spring.ai.openai.base-url}. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    long calls() {
        return calls.get();
    }

    int mostAtOnce() {
        return mostAtOnce.get();
    }

    void resetMostAtOnce() {
        mostAtOnce.set(concurrent.get());
    }

    private void answer(HttpExchange exchange) throws IOException {
        mostAtOnce.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
        try {
            exchange.getRequestBody().readAllBytes();
            Thread.sleep(latencyMillis);
            byte[] body = ANSWER.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            calls.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            concurrent.decrementAndGet();
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
