package dev.engram.generation.consumer;

import dev.engram.core.provider.ObservationProvider;
import dev.engram.core.provider.ProviderException;
import dev.engram.generation.provider.RulesObservationProvider;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The real rules provider, except for prompts carrying a marker: {@code FAIL_ONCE} fails retryably the
 * first time (like a 429), {@code FAIL_ALWAYS} always fails retryably (like a provider that is down),
 * {@code FAIL_HARD} fails non-retryably (like a 400) and {@code GARBAGE} answers text that is not XML.
 */
class MarkedFailuresProvider implements ObservationProvider {

    private final ObservationProvider rules = new RulesObservationProvider();
    private final Set<String> failedOnce = ConcurrentHashMap.newKeySet();

    @Override
    public String name() {
        return "rules";
    }

    /** Local, like the rules provider it wraps: the processor runs its jobs a poll at a time, in one transaction. */
    @Override
    public boolean local() {
        return true;
    }

    @Override
    public String generate(String prompt) {
        if (prompt.contains("FAIL_ONCE") && failedOnce.add(prompt)) {
            throw new ProviderException("429 Too Many Requests", true);
        }
        if (prompt.contains("FAIL_ALWAYS")) {
            throw new ProviderException("503 Service Unavailable", true);
        }
        if (prompt.contains("FAIL_HARD")) {
            throw new ProviderException("400 Bad Request: prompt rejected", false);
        }
        if (prompt.contains("GARBAGE")) {
            return "I am sorry, I cannot help with that.";
        }
        return rules.generate(prompt);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Configuration {
        @Bean
        @Primary
        ObservationProvider markedFailuresProvider() {
            return new MarkedFailuresProvider();
        }
    }
}
