package dev.engram.ingest.relay;

import dev.engram.core.store.OutboxRow;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Wraps the real Kafka publisher; when armed, it lets the next batch reach the broker and then fails,
 * as a relay would that crashed after sending and before marking the rows published.
 */
public class CrashingPublisher implements OutboxPublisher {

    private final OutboxPublisher delegate;
    private final AtomicBoolean crashAfterNextSend = new AtomicBoolean();

    CrashingPublisher(OutboxPublisher delegate) {
        this.delegate = delegate;
    }

    public void crashAfterNextSend() {
        crashAfterNextSend.set(true);
    }

    @Override
    public void publish(List<OutboxRow> records) {
        delegate.publish(records);
        if (crashAfterNextSend.getAndSet(false)) {
            throw new IllegalStateException("simulated relay crash after send, before mark");
        }
    }

    /** Puts the crashing wrapper in front of the real publisher. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Configuration {
        @Bean
        @Primary
        CrashingPublisher crashingPublisher(KafkaOutboxPublisher kafkaPublisher) {
            return new CrashingPublisher(kafkaPublisher);
        }
    }
}
