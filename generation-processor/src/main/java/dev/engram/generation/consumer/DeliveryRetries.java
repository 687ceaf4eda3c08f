package dev.engram.generation.consumer;

import dev.engram.generation.config.GenerationSettings;
import org.springframework.cloud.stream.annotation.StreamRetryTemplate;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.retry.RetryTemplate;

/**
 * The binder's in-process retry of a failed delivery, aligned with the job's own attempts and back-off
 * (core's {@code RetrySchedule}); permanent failures are dead-lettered at once. Declared in code because
 * the binder's {@code retryable-exceptions} map cannot be keyed by class names in Boot 4's binding.
 */
@Configuration(proxyBeanMethods = false)
class DeliveryRetries {

    @StreamRetryTemplate
    RetryTemplate generationDeliveryRetries(GenerationSettings settings) {
        return settings.retrySchedule().deliveryRetries();
    }
}
