package dev.engram.summary.consumer;

import dev.engram.core.job.JobPayloadCodec;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * The functional binding of this processor. {@code summarizeSessions} consumes {@code engram.jobs.summary};
 * an exception hands the record back to the binder for retry with back-off and, once retries are spent
 * (or at once for a permanent failure), to {@code engram.jobs.summary.dlq}.
 */
@Configuration(proxyBeanMethods = false)
class SummaryConsumers {

    @Bean
    Consumer<Message<byte[]>> summarizeSessions(SummaryJobProcessor processor) {
        return message -> processor.process(JobPayloadCodec.read(message.getPayload()));
    }
}
