package dev.engram.ingest.api;

import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Keeps the request's server observation out of the Reactor context that handlers and the R2DBC driver subscribe
 * with. With Micrometer's context-propagation library present, Reactor restores the context's thread locals around
 * every signal of every {@code handle} operator (the driver uses one per protocol message and per row), and
 * restoring the observation opens a tracing scope, publishes its events and writes the MDC each time: about a tenth
 * of the JVM's CPU on a search, for thread locals nothing here reads. What else the context holds is cheap to
 * restore.
 *
 * <p>The server observation itself is untouched: the web handler adapter starts and stops it around the exchange,
 * and {@link TraceContext} reads its span from the exchange's attributes, so requests are still timed and traced and
 * their trace still reaches the processors through the outbox. No request makes an outgoing call whose span would
 * want the observation as its parent (a search's query embedding is computed in process).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ObservationOutOfReactorContext implements WebFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return chain.filter(exchange).contextWrite(context -> context.delete(ObservationThreadLocalAccessor.KEY));
    }
}
