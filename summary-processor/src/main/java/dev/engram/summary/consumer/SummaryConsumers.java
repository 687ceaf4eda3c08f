package dev.engram.summary.consumer;

import dev.engram.core.lane.Lane;
import dev.engram.processor.JobRecords;
import dev.engram.processor.JobRunner;
import dev.engram.processor.OfflineProvider;
import dev.engram.summary.provider.RulesSummaryProvider;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * The lane this processor binds, and its offline provider. {@code summarizeSessions} consumes
 * {@code engram.jobs.summary}; the binding is in {@code application.yml}.
 */
@Configuration(proxyBeanMethods = false)
class SummaryConsumers {

    @Bean
    Consumer<Message<byte[]>> summarizeSessions(JobRunner runner, SummaryWork work) {
        return JobRecords.consumer(runner, work, Lane.SUMMARY);
    }

    @Bean
    OfflineProvider rulesSummaryProvider() {
        return new RulesSummaryProvider()::generate;
    }
}
