package dev.engram.core.prompt;

import dev.engram.core.privacy.PrivateContent;
import java.util.List;
import java.util.Optional;

/**
 * Builds the prompts sent to a provider: fixed instructions, then the events as {@code <agent_events>} XML
 * (and, for a session summary, the session's observations). The text depends only on its inputs, so a
 * retried job sends the same prompt.
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

    private static final String SUMMARY_INSTRUCTIONS = """
            You are the memory of a coding agent. Below are all the events recorded during one session of
            the agent's work, in the order they happened, followed by the observations already extracted
            from them. Summarise the whole session for whoever picks the work up next: what was asked,
            what was looked at, what was learned, what got done, and what is left. Prefer concrete facts
            (file paths, commands, errors, names) over generic statements.

            Answer with exactly one block in exactly this XML format:

            <summary>
              <request>what the user asked for in this session</request>
              <investigated>what was read, searched or explored</investigated>
              <learned>what was found out: causes, outcomes, errors</learned>
              <completed>what was changed or finished</completed>
              <next_steps>what remains to be done</next_steps>
              <notes>anything else worth keeping</notes>
            </summary>

            If nothing in the session is worth keeping, answer only:

            <skip_summary reason="why nothing is worth keeping"/>

            """;

    private PromptBuilder() {
    }

    /**
     * The observation prompt for these events, or empty when no event has any content left after private
     * spans are removed: then there is nothing to observe and no provider may be called.
     */
    public static Optional<String> observationPrompt(List<PromptEvent> events) {
        StringBuilder xml = new StringBuilder();
        if (!appendEvents(events, xml)) {
            return Optional.empty();
        }
        return Optional.of(INSTRUCTIONS + xml);
    }

    /**
     * The summary prompt for a whole session: its events, then the observations already made from them,
     * which the provider may lean on. Empty when no event has content left after private spans are removed
     * and there are no observations either: then there is nothing to summarise.
     */
    public static Optional<String> summaryPrompt(List<PromptEvent> events, List<String> observationContents) {
        StringBuilder xml = new StringBuilder();
        boolean anyEvent = appendEvents(events, xml);
        xml.append("<observations>\n");
        boolean anyObservation = false;
        for (String content : observationContents) {
            String text = PrivateContent.strip(content).strip();
            if (text.isEmpty()) {
                continue;
            }
            anyObservation = true;
            xml.append("<observation>").append(escape(cut(text))).append("</observation>\n");
        }
        xml.append("</observations>\n");
        if (!anyEvent && !anyObservation) {
            return Optional.empty();
        }
        return Optional.of(SUMMARY_INSTRUCTIONS + xml);
    }

    /** Appends the {@code <agent_events>} section; true when at least one event had content to show. */
    private static boolean appendEvents(List<PromptEvent> events, StringBuilder xml) {
        xml.append("<agent_events>\n");
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
        xml.append("</agent_events>\n");
        return anyContent;
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
