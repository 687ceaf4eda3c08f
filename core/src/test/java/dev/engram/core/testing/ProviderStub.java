package dev.engram.core.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.json.JsonMapper;

/**
 * A local HTTP server standing in for a provider's API: each request gets the next scripted answer (status, headers,
 * body, and optionally a delay), the last one repeating; every request is kept (path, headers, body) to check what
 * the client sent.
 */
public final class ProviderStub implements AutoCloseable {

    public record Answer(int status, Map<String, String> headers, String body, long delayMillis) {
        public static Answer json(int status, String body) {
            return new Answer(status, Map.of("Content-Type", "application/json"), body, 0);
        }
    }

    public record Request(String method, String path, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Deque<Answer> script = new ArrayDeque<>();
    private final Map<String, Deque<Answer>> routes = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger concurrent = new AtomicInteger();
    private final AtomicInteger maxConcurrent = new AtomicInteger();

    public ProviderStub() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::answer);
        // one thread per request, as a real API serves calls in parallel
        server.setExecutor(Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "provider-stub");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public synchronized ProviderStub then(Answer answer) {
        script.addLast(answer);
        return this;
    }

    public List<Request> requests() {
        return requests;
    }

    /** The requests whose body contains {@code marker} (a prompt's unique text). */
    public List<Request> requestsWith(String marker) {
        return requests.stream().filter(r -> r.body().contains(marker)).toList();
    }

    /**
     * Answers requests whose body contains {@code marker} with these answers in turn (the last repeating), before
     * and instead of the general script: lets concurrent jobs each have their own story.
     */
    public ProviderStub when(String marker, Answer... answers) {
        routes.put(marker, new ArrayDeque<>(List.of(answers)));
        return this;
    }

    /** A chat completion as OpenAI's API answers it, with {@code content} as the assistant's message. */
    public static String openAiCompletion(String content) {
        return """
                {"id":"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT","object":"chat.completion","created":1741569952,
                 "model":"gpt-4.1-mini-2025-04-14","choices":[{"index":0,"message":{"role":"assistant","content":%s,
                 "refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":412,"completion_tokens":96,"total_tokens":508,
                 "prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},
                 "completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,
                 "rejected_prediction_tokens":0}},"service_tier":"default","system_fingerprint":"fp_b376dfbbd5"}"""
                .formatted(quoted(content));
    }

    /** A message as Anthropic's Messages API answers it, with {@code text} as its one text block. */
    public static String anthropicMessage(String text) {
        return """
                {"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant",
                 "model":"claude-sonnet-4-5-20250929","content":[{"type":"text","text":%s}],
                 "stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":412,"output_tokens":96}}"""
                .formatted(quoted(text));
    }

    /** {@code text} as a JSON string literal. */
    public static String quoted(String text) {
        return JSON.writeValueAsString(text);
    }

    /** The most requests the stub has been answering at the same time. */
    public int maxConcurrent() {
        return maxConcurrent.get();
    }

    private void answer(HttpExchange exchange) throws IOException {
        maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
        try {
            answerCounted(exchange);
        } finally {
            concurrent.decrementAndGet();
        }
    }

    private void answerCounted(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                Map.copyOf(exchange.getRequestHeaders()), body));
        Answer answer = null;
        synchronized (this) {
            for (Map.Entry<String, Deque<Answer>> route : routes.entrySet()) {
                if (body.contains(route.getKey())) {
                    Deque<Answer> answers = route.getValue();
                    answer = answers.size() > 1 ? answers.removeFirst() : answers.peekFirst();
                    break;
                }
            }
            if (answer == null) {
                answer = script.size() > 1 ? script.removeFirst() : script.peekFirst();
            }
        }
        if (answer == null) {
            answer = Answer.json(500, "{\"error\":\"no answer scripted\"}");
        }
        if (answer.delayMillis() > 0) {
            try {
                Thread.sleep(answer.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        try {
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        } catch (IOException closedByClient) {
            // a client that timed out has gone
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
