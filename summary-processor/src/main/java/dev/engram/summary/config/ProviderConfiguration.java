package dev.engram.summary.config;

import dev.engram.core.provider.ObservationProvider;
import dev.engram.core.provider.TimedObservationProvider;
import io.micrometer.core.instrument.MeterRegistry;
import dev.engram.summary.provider.RulesSummaryProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Chooses the provider named by {@code engram.summary.provider}; unknown names stop start-up. */
@Configuration(proxyBeanMethods = false)
class ProviderConfiguration {

    @Bean
    @ConditionalOnMissingBean(ObservationProvider.class)
    ObservationProvider summaryProvider(SummarySettings settings, MeterRegistry meters) {
        return switch (settings.provider()) {
            case "rules" -> new TimedObservationProvider(new RulesSummaryProvider(), meters);
            default -> throw new IllegalStateException("engram.summary.provider=" + settings.provider()
                    + " is not supported; supported providers: rules");
        };
    }
}
