package dev.engram.generation.consumer;

import dev.engram.core.lane.Lane;
import dev.engram.generation.provider.RulesObservationProvider;
import dev.engram.processor.DeadLetters;
import dev.engram.processor.JobRecords;
import dev.engram.processor.JobRunner;
import dev.engram.processor.OfflineProvider;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * The lanes this processor binds, and its offline provider. {@code generateObservations} consumes
 * {@code engram.jobs.event} and {@code generateBatchObservations} consumes {@code engram.jobs.event-batch}
 * (one job per session debounce window), each a poll at a time ({@link JobRecords#batchConsumer}), and
 * {@code reindexObservations} consumes {@code engram.jobs.reindex}
 * ({@link ReindexWork}); the bindings are in {@code application.yml}.
 */
@Configuration(proxyBeanMethods = false)
class GenerationConsumers {

    @Bean
    Consumer<Message<List<byte[]>>> generateObservations(JobRunner runner, EventWork work, DeadLetters deadLetters) {
        return JobRecords.batchConsumer(runner, work, Lane.EVENT, deadLetters);
    }

    @Bean
    Consumer<Message<List<byte[]>>> generateBatchObservations(JobRunner runner, EventWork work, DeadLetters deadLetters) {
        return JobRecords.batchConsumer(runner, work, Lane.EVENT_BATCH, deadLetters);
    }

    @Bean
    Consumer<Message<byte[]>> reindexObservations(JobRunner runner, ReindexWork work) {
        return JobRecords.consumer(runner, work, Lane.REINDEX);
    }

    @Bean
    OfflineProvider rulesObservationProvider() {
        return new RulesObservationProvider()::generate;
    }
}
