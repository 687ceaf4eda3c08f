package dev.engram.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import org.springframework.web.server.WebHandler;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import reactor.core.publisher.Mono;

/**
 * A handler's {@code handle} operators (the R2DBC driver's, on every message and row) run without the server
 * observation restored into thread locals, and the server observation is still made.
 */
class ObservationOutOfReactorContextTest {

    private final ObservationRegistry registry = ObservationRegistry.create();
    private final List<String> stopped = new CopyOnWriteArrayList<>();
    private final AtomicReference<Object> seenInHandle = new AtomicReference<>("not run");
    private ObservationRegistry accessorRegistry;

    @BeforeEach
    void observe() {
        registry.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }

            @Override
            public void onStop(Observation.Context context) {
                stopped.add(context.getName());
            }
        });
        accessorRegistry = ObservationThreadLocalAccessor.getInstance().getObservationRegistry();
        ObservationThreadLocalAccessor.getInstance().setObservationRegistry(registry);
    }

    @AfterEach
    void restoreAccessor() {
        ObservationThreadLocalAccessor.getInstance().setObservationRegistry(accessorRegistry);
    }

    @Test
    void handleOperatorsRunWithoutTheServerObservationAndItIsStillMade() {
        serve(true);

        assertThat(seenInHandle.get()).as("the observation current inside a handle operator").isNull();
        assertThat(stopped).containsExactly("http.server.requests");
    }

    @Test
    void withoutTheFilterReactorRestoresTheObservationInEveryHandle() {
        serve(false);

        assertThat(seenInHandle.get()).as("the observation current inside a handle operator")
                .isInstanceOf(Observation.class);
    }

    private void serve(boolean withFilter) {
        WebHandler handler = exchange -> Mono.just("row")
                .<String>handle((row, sink) -> {
                    seenInHandle.set(registry.getCurrentObservation());
                    sink.next(row);
                })
                .then();
        WebHttpHandlerBuilder builder = WebHttpHandlerBuilder.webHandler(handler).observationRegistry(registry);
        if (withFilter) {
            builder.filter(new ObservationOutOfReactorContext());
        }
        HttpHandler http = builder.build();
        http.handle(MockServerHttpRequest.post("/v1/search").build(), new MockServerHttpResponse()).block();
    }
}
