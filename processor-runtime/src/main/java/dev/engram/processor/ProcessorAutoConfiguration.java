package dev.engram.processor;

import dev.engram.core.provider.ObservationProvider;
import dev.engram.core.provider.TimedObservationProvider;
import dev.engram.core.settings.EmbeddingSettings;
import dev.engram.core.settings.GenerationSettings;
import dev.engram.core.settings.JobSettings;
import dev.engram.core.store.AgentEventStore;
import dev.engram.core.store.AuditStore;
import dev.engram.core.store.GenerationJobStore;
import dev.engram.core.store.ObservationStore;
import dev.engram.core.store.ProviderUsageStore;
import dev.engram.core.store.SessionStore;
import dev.engram.embedding.Embedder;
import dev.engram.embedding.LocalEmbedder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.cloud.stream.annotation.StreamRetryTemplate;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * What every processor app runs on, on the app's own data source: core's stores, the provider named by
 * {@code engram.generation.provider}, the {@link JobRunner}, and the binder's delivery retries (bean
 * {@code deliveryRetries}, which each binding names as its {@code retry-template-name}).
 */
@AutoConfiguration(after = JdbcClientAutoConfiguration.class)
// A processor runs on JDBC; an app without a JDBC data source (the R2DBC ingest API beside it in
// `engram dev`) is not a processor.
@ConditionalOnBean(JdbcClient.class)
@EnableConfigurationProperties({ProcessorSettings.class, ProviderSettings.class, JobSettings.class,
        GenerationSettings.class,
        EmbeddingSettings.class})
@Import(OpenAiTimeouts.class)
public class ProcessorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    GenerationJobStore generationJobStore(JdbcClient jdbc) {
        return new GenerationJobStore(jdbc);
    }

    @Bean
    @ConditionalOnMissingBean
    AuditStore auditStore(JdbcClient jdbc) {
        return new AuditStore(jdbc);
    }

    @Bean
    @ConditionalOnMissingBean
    AgentEventStore agentEventStore(JdbcClient jdbc) {
        return new AgentEventStore(jdbc);
    }

    @Bean
    @ConditionalOnMissingBean
    SessionStore sessionStore(JdbcClient jdbc) {
        return new SessionStore(jdbc);
    }

    @Bean
    @ConditionalOnMissingBean
    ObservationStore observationStore(JdbcClient jdbc) {
        return new ObservationStore(jdbc);
    }

    /**
     * The provider named by {@code engram.generation.provider}: the offline {@code rules}, or a Spring AI chat model
     * ({@code anthropic}, {@code openai}, {@code gemini}) configured by Spring AI's own properties; an unknown name, or a remote
     * provider whose chat model is missing, stops start-up with what to set.
     */
    @Bean
    @ConditionalOnMissingBean(ObservationProvider.class)
    ObservationProvider observationProvider(GenerationSettings settings, ObjectProvider<OfflineProvider> offline,
            ObjectProvider<ChatModel> chatModels, Environment environment, ProviderSettings limits,
            MeterRegistry meters) {
        String provider = settings.provider();
        if (OfflineProvider.NAME.equals(provider)) {
            return new TimedObservationProvider(new OfflineObservationProvider(offline.getObject()), meters);
        }
        if (ProviderSelection.CHAT_MODELS.containsKey(provider)) {
            if ("gemini".equals(provider) && !environment.containsProperty("spring.ai.google.genai.api-key")) {
                throw new IllegalStateException("engram.generation.provider=gemini needs a key: set "
                        + "spring.ai.google.genai.api-key (SPRING_AI_GOOGLE_GENAI_API_KEY)");
            }
            ChatModel model = chatModels.getIfAvailable();
            if (model == null) {
                throw new IllegalStateException("engram.generation.provider=" + provider + " needs Spring AI's "
                        + provider + " chat model: " + ("gemini".equals(provider)
                                ? "set spring.ai.google.genai.api-key (and engram.gemini.base-url for another endpoint)"
                                : "set spring.ai." + provider + ".api-key (and spring.ai." + provider
                                        + ".base-url for another endpoint)")
                        + ", and leave spring.ai.model.chat unset");
            }
            List<String> keys = Stream.of("spring.ai.openai.api-key", "spring.ai.openai.chat.api-key",
                    "spring.ai.anthropic.api-key", "spring.ai.google.genai.api-key").map(environment::getProperty).filter(Objects::nonNull).toList();
            ObservationProvider remote = new ChatModelProvider(provider, model, new ProviderFailures(keys));
            if (limits.limited()) {
                remote = new RateLimitedProvider(remote, limits.requestsPerMinute(), limits.tokensPerMinute(),
                        limits.maxWait());
            }
            return new TimedObservationProvider(remote, meters);
        }
        throw new IllegalStateException("engram.generation.provider=" + provider
                + " is not supported; supported providers: " + OfflineProvider.NAME + ", anthropic, openai, gemini");
    }

    @Bean
    ProcessorActivity processorActivity() {
        return new ProcessorActivity();
    }

    @Bean
    JobRunner jobRunner(GenerationJobStore jobs, AuditStore audit, TransactionTemplate transactions,
            ObservationProvider provider, ProcessorSettings settings, JobSettings jobSettings, MeterRegistry meters,
            ProcessorActivity activity, ObjectProvider<InFlightCalls> inFlight, JdbcClient jdbc,
            GenerationSettings generation, ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        JobTelemetry telemetry = new JobTelemetry(tracer.getIfAvailable(() -> Tracer.NOOP),
                propagator.getIfAvailable(() -> Propagator.NOOP), meters);
        return new JobRunner(jobs, audit, transactions, provider, settings.retrySchedule(),
                jobSettings.processingLease(), meters, activity, inFlight.getIfAvailable(), new ProviderUsageStore(jdbc),
                generation.dailyTokenBudget(), telemetry);
    }

    /** Overlapping remote provider calls (the offline provider never uses them); none with {@code max-in-flight} 1. */
    @Bean
    @ConditionalOnExpression("${engram.processor.max-in-flight:64} > 1")
    InFlightCalls inFlightCalls(ProcessorSettings settings, DeadLetters deadLetters, ProcessorActivity activity,
            MeterRegistry meters) {
        return new InFlightCalls(settings.maxInFlight(), deadLetters, activity, meters);
    }

    @Bean
    DeadLetters deadLetters(ObjectProvider<StreamBridge> bridge) {
        return new DeadLetters(bridge::getObject);
    }

    /**
     * The error handler of the lanes consumed in batches ({@code common-error-handler-bean-name}): their consumer
     * throws only when the database failed, and then the whole poll is delivered again, after 100 ms, doubling up
     * to 10 s, for as long as it takes (the partition waits; nothing is dead-lettered or skipped).
     */
    @Bean
    CommonErrorHandler jobBatchRedeliveries() {
        ExponentialBackOff backOff = new ExponentialBackOff(100, 2.0);
        backOff.setMaxInterval(10_000);
        return new DefaultErrorHandler(backOff);
    }

    /** The local embedding model; loading it takes about a second and some 100 MB. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "engram.embedding", name = "enabled", havingValue = "true", matchIfMissing = true)
    Embedder embedder() {
        return new LocalEmbedder();
    }

    @Bean
    @ConditionalOnProperty(prefix = "engram.embedding", name = "enabled", havingValue = "true", matchIfMissing = true)
    EmbeddingBackfill embeddingBackfill(ObservationStore observations, Embedder embedder,
            TransactionTemplate transactions, EmbeddingSettings settings, MeterRegistry meters,
            ProcessorActivity activity) {
        return new EmbeddingBackfill(observations, embedder, transactions, settings, meters, activity);
    }

    /**
     * The binder's in-process retry of a failed delivery, aligned with the job's own attempts and back-off;
     * permanent failures are dead-lettered at once. Declared in code because the binder's
     * {@code retryable-exceptions} map cannot be keyed by class names in Boot 4's binding.
     */
    @StreamRetryTemplate
    RetryTemplate deliveryRetries(ProcessorSettings settings) {
        return settings.retrySchedule().deliveryRetries();
    }
}
