package dev.engram.core.prompt;

import dev.engram.core.privacy.PrivateContent;
import java.util.List;
import java.util.Optional;

/**
 * Builds the observation prompt sent to a provider: fixed instructions, then the job's events as
 * {@code <agent_events>} XML. The text depends only on the events, so a retried job sends the same prompt.
 */
public final class PromptBuilder {

    /** Longest payload, in chars, that goes into a prompt; longer payloads are cut. */
    public static final int MAX_PAYLOAD_CHARS = 16 * 1024;

    private static final String INSTRUCTIONS = """
            You are the memory of a coding agent. Below are events recorded while the agent worked.
            Extract what is worth remembering in later sessions: what was discovered about the code,
            what progress was made, what blocked the work, and what was decided. Prefer concrete facts
            (file paths, commands, errors, names) over generic statements; ignore routine noise.

            Answer with one or more blocks in exactly this XML format:

            <observation>
              <type>discovery | progress | blocker | decision</type>
              <title>a short sentence</title>
              <subtitle>one line of context</subtitle>
              <facts><fact>a concrete fact</fact></facts>
              <narrative>one or two sentences on what happened and why it matters</narrative>
              <concepts><concept>keyword</concept></concepts>
              <files_read><file>path</file></files_read>
              <files_modified><file>path</file></files_modified>
            </observation>

            If nothing in the events is worth keeping, answer only:

            <skip_summary reason="why nothing is worth keeping"/>

            """;

    private PromptBuilder() {
    }

    /**
     * The observation prompt for these events, or empty when no event has any content left after private
     * spans are removed: then there is nothing to observe and no provider may be called.
     */
    public static Optional<String> observationPrompt(List<PromptEvent> events) {
        StringBuilder xml = new StringBuilder("<agent_events>\n");
        boolean anyContent = false;
        for (PromptEvent event : events) {
            String payload = PrivateContent.strip(event.payloadJson());
            // An event with nothing left carries no information; listing it would only invite guessing.
            if (isEmptyPayload(payload)) {
                continue;
            }
            anyContent = true;
            xml.append("<agent_event>")
                    .append("<id>").append(escape(event.id())).append("</id>")
                    .append("<event_type>").append(escape(event.eventType())).append("</event_type>")
                    .append("<source_adapter>").append(escape(event.sourceAdapter())).append("</source_adapter>")
                    .append("<occurred_at>").append(event.occurredAt()).append("</occurred_at>")
                    .append("<payload>").append(escape(cut(payload))).append("</payload>")
                    .append("</agent_event>\n");
        }
        if (!anyContent) {
            return Optional.empty();
        }
        return Optional.of(INSTRUCTIONS + xml.append("</agent_events>\n"));
    }

    static boolean isEmptyPayload(String payload) {
        String compact = payload.replaceAll("\\s+", "");
        return compact.isEmpty() || compact.equals("{}") || compact.equals("\"\"") || compact.equals("null");
    }

    private static String cut(String payload) {
        if (payload.length() <= MAX_PAYLOAD_CHARS) {
            return payload;
        }
        int end = MAX_PAYLOAD_CHARS;
        // Never split a surrogate pair: half a character is not valid text for any provider.
        if (Character.isHighSurrogate(payload.charAt(end - 1))) {
            end--;
        }
        return payload.substring(0, end);
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
