package dev.engram.ingest.stream;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * A stream's heartbeats beside rows that do not come, read by a client that stops reading for an hour (240
 * heartbeats, where the merge holds 32): the stream waits for it instead of failing.
 */
class StreamHeartbeatsTest {

    @Test
    void aClientThatStopsReadingStillGetsItsStreamBack() {
        StepVerifier.withVirtualTime(() -> Flux.merge(Flux.<ServerSentEvent<Object>>never(),
                        StreamController.heartbeats(Duration.ofSeconds(15))), 0)
                .thenAwait(Duration.ofHours(1))
                .thenRequest(1)
                .expectNextMatches(event -> "keep-alive".equals(event.comment()))
                .thenAwait(Duration.ofSeconds(15))
                .thenRequest(1)
                .expectNextMatches(event -> "keep-alive".equals(event.comment()))
                .thenCancel()
                .verify(Duration.ofSeconds(10));
    }
}
