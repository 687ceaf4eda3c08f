package dev.engram.core.prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads the events back out of a prompt built by {@link PromptBuilder}. Offline providers see only the
 * prompt text, like any remote provider, so the prompt is the one source of truth for what happened.
 */
public final class PromptedEvents {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final String OPEN = "<agent_events>";
    private static final String CLOSE = "</agent_events>";
    private static final Pattern EVENT = Pattern.compile("<agent_event>(.*?)</agent_event>", Pattern.DOTALL);
    private static final Pattern ID = element("id");
    private static final Pattern EVENT_TYPE = element("event_type");
    private static final Pattern PAYLOAD = element("payload");
    private static final String[] INPUT_FIELDS =
            {"file_path", "notebook_path", "path", "command", "description", "pattern", "url", "query"};

    private PromptedEvents() {
    }

    /** The prompt's events in prompt order; empty when it has no {@code <agent_events>} section. */
    public static List<PromptedEvent> read(String prompt) {
        int start = prompt.indexOf(OPEN);
        List<PromptedEvent> events = new ArrayList<>();
        if (start < 0) {
            return events;
        }
        // Payloads are escaped, so the first closing tag after the opening one really ends the section;
        // whatever follows it (a summary prompt's observations) is not an event.
        int end = prompt.indexOf(CLOSE, start);
        Matcher matcher = EVENT.matcher(prompt);
        matcher.region(start, end < 0 ? prompt.length() : end);
        while (matcher.find()) {
            String event = matcher.group(1);
            events.add(new PromptedEvent(first(ID, event), first(EVENT_TYPE, event),
                    parse(first(PAYLOAD, event))));
        }
        return events;
    }

    private static JsonNode parse(String payload) {
        try {
            return MAPPER.readTree(payload);
        } catch (JacksonException e) {
            return salvage(payload);
        }
    }

    /**
     * Payloads over the prompt's size limit arrive cut off and are no longer valid JSON; the fields the
     * rules need usually come before the bulky ones (a Write's content), so they are picked out one by one.
     */
    private static JsonNode salvage(String payload) {
        ObjectNode node = MAPPER.createObjectNode();
        stringField(payload, "tool_name").ifPresent(value -> node.put("tool_name", value));
        stringField(payload, "prompt").ifPresent(value -> node.put("prompt", value));
        stringField(payload, "cwd").ifPresent(value -> node.put("cwd", value));
        ObjectNode input = node.putObject("tool_input");
        for (String field : INPUT_FIELDS) {
            stringField(payload, field).ifPresent(value -> input.put(field, value));
        }
        return node;
    }

    private static Optional<String> stringField(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\"\\s*:\\s*(\"(?:[^\"\\\\]|\\\\.)*\")").matcher(json);
        if (!matcher.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(MAPPER.readValue(matcher.group(1), String.class));
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    private static String first(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? unescape(matcher.group(1)).trim() : "";
    }

    private static Pattern element(String name) {
        return Pattern.compile("<" + name + ">(.*?)</" + name + ">", Pattern.DOTALL);
    }

    private static String unescape(String text) {
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }
}
