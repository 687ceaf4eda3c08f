package dev.engram.generation.consumer;

import dev.engram.core.job.JobPayload;
import dev.engram.core.job.JobPayloadCodec;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * The functional bindings of this processor. {@code generateObservations} consumes
 * {@code engram.jobs.event}; an exception hands the record back to the binder for retry with back-off
 * and, once retries are spent (or at once for a permanent failure), to {@code engram.jobs.event.dlq}.
 */
@Configuration(proxyBeanMethods = false)
class GenerationConsumers {

    @Bean
    Consumer<Message<byte[]>> generateObservations(EventJobProcessor processor) {
        return message -> {
            JobPayload payload = JobPayloadCodec.read(message.getPayload());
            processor.process(payload);
        };
    }
}
