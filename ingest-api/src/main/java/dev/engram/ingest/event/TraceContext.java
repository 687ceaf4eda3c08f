package dev.engram.ingest.event;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * The W3C trace context stored with an outbox row, so the processor's span joins the request's trace
 * across the relay: the current span when tracing is active, else a valid inbound {@code traceparent}.
 */
@Component
class TraceContext {

    private static final Pattern TRACEPARENT = Pattern.compile("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

    private final ObjectProvider<Tracer> tracer;

    TraceContext(ObjectProvider<Tracer> tracer) {
        this.tracer = tracer;
    }

    @Nullable String current(ServerWebExchange exchange) {
        Tracer active = tracer.getIfAvailable();
        Span span = active == null ? null : active.currentSpan();
        if (span != null && !span.context().traceId().isEmpty()) {
            return "00-" + span.context().traceId() + "-" + span.context().spanId() + "-"
                    + (Boolean.TRUE.equals(span.context().sampled()) ? "01" : "00");
        }
        String inbound = exchange.getRequest().getHeaders().getFirst("traceparent");
        return inbound != null && TRACEPARENT.matcher(inbound).matches() ? inbound : null;
    }
}
