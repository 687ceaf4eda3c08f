package dev.engram.core.prompt;

import tools.jackson.databind.JsonNode;

/** One {@code <agent_event>} read back out of a prompt, with its payload parsed. */
public record PromptedEvent(String id, String eventType, JsonNode payload) {
}
