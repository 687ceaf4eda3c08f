package dev.engram.summary.consumer;

import dev.engram.core.provider.ObservationProvider;
import dev.engram.core.provider.ProviderException;
import dev.engram.summary.provider.RulesSummaryProvider;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The real rules provider, recording every prompt it is given, except that a prompt carrying
 * {@code FAIL_ALWAYS} always fails retryably, like a provider that is down.
 */
class RecordingSummaryProvider implements ObservationProvider {

    private final ObservationProvider rules = new RulesSummaryProvider();
    private final List<String> prompts = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
        return "rules";
    }

    @Override
    public String generate(String prompt) {
        prompts.add(prompt);
        if (prompt.contains("FAIL_ALWAYS")) {
            throw new ProviderException("503 Service Unavailable", true);
        }
        return rules.generate(prompt);
    }

    List<String> prompts() {
        return List.copyOf(prompts);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Configuration {
        @Bean
        @Primary
        RecordingSummaryProvider recordingSummaryProvider() {
            return new RecordingSummaryProvider();
        }
    }
}
