package dev.engram.ingest.api;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler.TracingContext;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * The W3C trace context stored with an outbox row, so the processor's span joins the request's trace
 * across the relay: the span of the request's server observation when tracing is active, else a valid
 * inbound {@code traceparent}. The span is read from the exchange, not from a thread local, so it needs no
 * automatic context propagation (which cost about a quarter of the ingest API's CPU).
 */
@Component
public class TraceContext {

    private static final Pattern TRACEPARENT = Pattern.compile("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

    public @Nullable String current(ServerWebExchange exchange) {
        Span span = ServerRequestObservationContext.findCurrent(exchange.getAttributes())
                .map(context -> context.<@Nullable TracingContext>get(TracingContext.class))
                .map(TracingContext::getSpan)
                .orElse(null);
        if (span != null && !span.context().traceId().isEmpty()) {
            return "00-" + span.context().traceId() + "-" + span.context().spanId() + "-"
                    + (Boolean.TRUE.equals(span.context().sampled()) ? "01" : "00");
        }
        String inbound = exchange.getRequest().getHeaders().getFirst("traceparent");
        return inbound != null && TRACEPARENT.matcher(inbound).matches() ? inbound : null;
    }
}
