package dev.engram.ingest.api;

import dev.engram.ingest.config.IngestSettings;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Enforces {@code engram.ingest.max-body-size}: a declared Content-Length over the limit is refused with
 * 413 before the body is read, and the codecs refuse to buffer more than the limit for chunked bodies.
 * Runs after authentication, so a caller without a key still gets 401 first.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class BodyLimits implements WebFilter, WebFluxConfigurer {

    private final long maxBodyBytes;

    BodyLimits(IngestSettings settings) {
        this.maxBodyBytes = settings.maxBodySize().toBytes();
    }

    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long declared = exchange.getRequest().getHeaders().getContentLength();
        if (declared > maxBodyBytes) {
            return ProblemResponses.write(exchange, new ApiException.PayloadTooLarge(maxBodyBytes));
        }
        return chain.filter(exchange);
    }

    @Override
    public void configureHttpMessageCodecs(ServerCodecConfigurer configurer) {
        configurer.defaultCodecs().maxInMemorySize((int) Math.min(Integer.MAX_VALUE, maxBodyBytes));
    }
}
