package dev.engram.generation.config;

import dev.engram.core.provider.ObservationProvider;
import dev.engram.core.provider.TimedObservationProvider;
import io.micrometer.core.instrument.MeterRegistry;
import dev.engram.generation.provider.RulesObservationProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Chooses the provider named by {@code engram.generation.provider}; unknown names stop start-up. */
@Configuration(proxyBeanMethods = false)
class ProviderConfiguration {

    @Bean
    @ConditionalOnMissingBean(ObservationProvider.class)
    ObservationProvider observationProvider(GenerationSettings settings, MeterRegistry meters) {
        return switch (settings.provider()) {
            case "rules" -> new TimedObservationProvider(new RulesObservationProvider(), meters);
            default -> throw new IllegalStateException("engram.generation.provider=" + settings.provider()
                    + " is not supported; supported providers: rules");
        };
    }
}
