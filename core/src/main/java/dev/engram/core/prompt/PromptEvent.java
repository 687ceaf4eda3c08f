package dev.engram.core.prompt;

import java.time.Instant;

/**
 * One stored agent event as the prompt needs it; {@code payloadJson} is the event's JSON payload as text,
 * before private spans are removed.
 */
public record PromptEvent(String id, String eventType, String sourceAdapter, Instant occurredAt, String payloadJson) {
}
