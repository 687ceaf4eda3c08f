package dev.engram.summary;

import dev.engram.core.job.JobPayload;
import dev.engram.core.job.JobPayloadCodec;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * The binding of the summary lane, {@code engram.jobs.summary}. Nothing writes summary jobs yet (session
 * end lands with the sessions issue); until then a record is read, logged and left for replay: the job
 * row stays queued in Postgres, so nothing is lost when summarising is implemented.
 */
@Configuration(proxyBeanMethods = false)
class SummaryConsumers {

    private static final Logger log = LoggerFactory.getLogger(SummaryConsumers.class);

    @Bean
    Consumer<Message<byte[]>> summarizeSessions() {
        return message -> {
            JobPayload payload = JobPayloadCodec.read(message.getPayload());
            log.warn("summary job {} received, but summarising is not implemented yet; the job stays queued",
                    payload.generationJobId());
        };
    }
}
