package dev.engram.generation.provider;

import tools.jackson.databind.JsonNode;

/** One {@code <agent_event>} read back out of a prompt, with its payload parsed. */
record PromptedEvent(String id, String eventType, JsonNode payload) {
}
