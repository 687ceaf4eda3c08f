package dev.engram.generation.consumer;

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
        return message -> processor.process(JobPayloadCodec.read(message.getPayload()));
    }

    /** Consumes {@code engram.jobs.event-batch}: one job per session debounce window. */
    @Bean
    Consumer<Message<byte[]>> generateBatchObservations(EventJobProcessor processor) {
        return message -> processor.process(JobPayloadCodec.read(message.getPayload()));
    }
}
