package dev.engram.summary.config;

import dev.engram.core.store.GenerationJobStore;
import io.micrometer.core.instrument.MeterRegistry;
import dev.engram.core.store.JobDelivery;
import dev.engram.core.store.ObservationWriter;
import dev.engram.core.store.ScopeViolationAudit;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The shared job store and observation writer from core, on this processor's data source. */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

    @Bean
    GenerationJobStore generationJobStore(JdbcClient jdbc) {
        return new GenerationJobStore(jdbc);
    }

    @Bean
    ScopeViolationAudit scopeViolationAudit(JdbcClient jdbc) {
        return new ScopeViolationAudit(jdbc);
    }

    @Bean
    JobDelivery jobDelivery(GenerationJobStore jobs, ScopeViolationAudit scopeViolations,
            TransactionTemplate transactions, SummarySettings settings, MeterRegistry meters) {
        return new JobDelivery(jobs, scopeViolations, transactions, settings.retrySchedule(),
                settings.processingLease(), meters);
    }

    @Bean
    ObservationWriter observationWriter(JdbcClient jdbc) {
        return new ObservationWriter(jdbc);
    }
}
