package dev.engram.summary.consumer;

import dev.engram.core.job.InvalidJobPayloadException;
import dev.engram.summary.config.SummarySettings;
import org.springframework.cloud.stream.annotation.StreamRetryTemplate;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;

/**
 * The binder's in-process retry of a failed delivery, aligned with the job's own attempts and back-off
 * (5 s, 25 s, ... capped). Permanent failures are not retried: the binder dead-letters them at once.
 * Declared in code because the binder's {@code retryable-exceptions} map cannot be keyed by class names
 * in Boot 4's property binding.
 */
@Configuration(proxyBeanMethods = false)
class DeliveryRetries {

    @StreamRetryTemplate
    RetryTemplate summaryDeliveryRetries(SummarySettings settings) {
        return new RetryTemplate(RetryPolicy.builder()
                .maxRetries(Math.max(0, settings.deliveryAttempts() - 1))
                .delay(settings.retryBaseDelay())
                .multiplier(5)
                .maxDelay(settings.retryMaxDelay())
                .predicate(DeliveryRetries::worthRetrying)
                .build());
    }

    static boolean worthRetrying(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof JobFailedPermanently || t instanceof InvalidJobPayloadException) {
                return false;
            }
        }
        return true;
    }
}
