package dev.engram.ingest.api;

import java.util.Locale;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses a request target (path and query) that no route could use, before anything reads it: one longer than
 * {@value #MAX_LENGTH} characters answers 414, one holding an encoded NUL ({@code %00}, which Postgres cannot
 * store in text and would fail on as a 500) answers 400; both as problem details. Netty reads request lines up to
 * {@code server.netty.max-initial-line-length} (64 KB here) so that a long target reaches this filter; a longer
 * one still gets Netty's own 414, without a body.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
public class RequestTargets implements WebFilter {

    static final int MAX_LENGTH = 8192;

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String target = exchange.getRequest().getURI().getRawPath();
        String query = exchange.getRequest().getURI().getRawQuery();
        int length = target.length() + (query == null ? 0 : query.length() + 1);
        if (length > MAX_LENGTH) {
            return ProblemResponses.write(exchange, new ApiException.UriTooLong(length, MAX_LENGTH));
        }
        if (holdsNul(target)) {
            return ProblemResponses.write(exchange, ApiException.ValidationFailed.of(
                    ValidationIssue.at("path", JsonBodies.NUL)));
        }
        if (query != null && holdsNul(query)) {
            return ProblemResponses.write(exchange, ApiException.ValidationFailed.of(
                    ValidationIssue.at("query", JsonBodies.NUL)));
        }
        return chain.filter(exchange);
    }

    private static boolean holdsNul(String raw) {
        return raw.indexOf('\u0000') >= 0 || raw.toLowerCase(Locale.ROOT).contains("%00");
    }
}
