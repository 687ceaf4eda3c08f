package dev.engram.ingest.api;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Writes a problem detail straight to the response, for filters that run before any controller. */
public final class ProblemResponses {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private ProblemResponses() {
    }

    public static Mono<Void> write(ServerWebExchange exchange, ApiException exception) {
        Problem body = Problem.of(exception, exchange.getRequest().getPath().value(),
                RequestIds.of(exchange));
        if (exception instanceof ApiException.TooManyRequests limited) {
            exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER,
                    String.valueOf(limited.retryAfterSeconds()));
        } else if (exception instanceof ApiException.DatabaseUnavailable unavailable) {
            exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER,
                    String.valueOf(unavailable.retryAfterSeconds()));
        }
        return write(exchange, exception.status(), body);
    }

    public static Mono<Void> write(ServerWebExchange exchange, HttpStatus status, Problem body) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        byte[] bytes = MAPPER.writeValueAsBytes(body);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
    }
}
