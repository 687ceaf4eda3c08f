package dev.engram.ingest.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * A database outage met before any route ran (the API key lookup of {@code ApiKeyAuthentication}, another filter):
 * the same 503 problem detail as {@link ProblemHandler} gives a route, ahead of Boot's error handler (order -2), which
 * would answer 500. Anything else passes on.
 */
@Component
@Order(-3)
class UnavailableDatabaseHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(UnavailableDatabaseHandler.class);

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (!DatabaseFailures.unavailable(error) || exchange.getResponse().isCommitted()) {
            return Mono.error(error);
        }
        log.warn("request {} {} refused with 503, the database is unavailable (request id {}): {}",
                exchange.getRequest().getMethod(), exchange.getRequest().getPath(), RequestIds.of(exchange),
                DatabaseFailures.rootMessage(error));
        return ProblemResponses.write(exchange, new ApiException.DatabaseUnavailable(DatabaseFailures.RETRY_AFTER_SECONDS));
    }
}
