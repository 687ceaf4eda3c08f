package dev.engram.core.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptedEventsTest {

    private static final Instant AT = Instant.parse("2025-03-01T10:15:30Z");

    @Test
    void readsBackEachEventWithItsParsedPayload() {
        String prompt = PromptBuilder.observationPrompt(List.of(
                new PromptEvent("e1", "tool_use", "hook", AT,
                        "{\"tool_name\":\"Bash\",\"tool_input\":{\"command\":\"echo '<a> & b'\"}}"),
                new PromptEvent("e2", "user_prompt", "hook", AT, "{\"prompt\":\"fix it\"}"))).orElseThrow();

        List<PromptedEvent> events = PromptedEvents.read(prompt);

        assertThat(events).extracting(PromptedEvent::id, PromptedEvent::eventType)
                .containsExactly(tuple("e1", "tool_use"),
                        tuple("e2", "user_prompt"));
        assertThat(events.get(0).payload().path("tool_input").path("command").asString()).isEqualTo("echo '<a> & b'");
        assertThat(events.get(1).payload().path("prompt").asString()).isEqualTo("fix it");
    }

    @Test
    void salvagesTheUsefulFieldsOfAPayloadCutAtTheLimit() {
        String payload = "{\"tool_name\":\"Write\",\"cwd\":\"/w\",\"tool_input\":{\"file_path\":\"/w/big.txt\","
                + "\"content\":\"" + "x".repeat(PromptBuilder.MAX_PAYLOAD_CHARS) + "\"}}";
        String prompt = PromptBuilder.observationPrompt(List.of(new PromptEvent("e", "tool_use", "hook", AT, payload)))
                .orElseThrow();

        PromptedEvent event = PromptedEvents.read(prompt).get(0);

        assertThat(event.payload().path("tool_name").asString()).isEqualTo("Write");
        assertThat(event.payload().path("cwd").asString()).isEqualTo("/w");
        assertThat(event.payload().path("tool_input").path("file_path").asString()).isEqualTo("/w/big.txt");
    }

    @Test
    void findsNothingInTextWithoutEvents() {
        assertThat(PromptedEvents.read("no events here")).isEmpty();
    }
}
