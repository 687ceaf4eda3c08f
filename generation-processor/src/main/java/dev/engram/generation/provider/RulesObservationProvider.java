package dev.engram.generation.provider;

import dev.engram.core.observation.ParsedObservation;
import dev.engram.core.prompt.PromptedEvent;
import dev.engram.core.prompt.PromptedEvents;
import dev.engram.core.provider.ObservationProvider;
import java.util.List;
import java.util.Optional;

/**
 * Engram's default provider: an offline, deterministic extractor that needs no model. It reads the events
 * back out of the prompt and answers in the same XML an LLM would give, so its answers go through the same
 * parser and the same write path. The same prompt always yields the byte-identical answer.
 */
public final class RulesObservationProvider implements ObservationProvider {

    static final String SKIP_ANSWER = "<skip_summary reason=\"no tool activity worth keeping\"/>\n";

    @Override
    public String name() {
        return "rules";
    }

    @Override
    public boolean local() {
        return true;
    }

    @Override
    public String generate(String prompt) {
        StringBuilder answer = new StringBuilder();
        for (PromptedEvent event : PromptedEvents.read(prompt)) {
            Optional<ParsedObservation> observation = ToolUseFacts.observe(event);
            observation.ifPresent(o -> render(o, answer));
        }
        return answer.isEmpty() ? SKIP_ANSWER : answer.toString();
    }

    private static void render(ParsedObservation observation, StringBuilder out) {
        out.append("<observation>\n");
        element(out, "type", observation.type());
        element(out, "title", observation.title());
        element(out, "subtitle", observation.subtitle());
        list(out, "facts", "fact", observation.facts());
        element(out, "narrative", observation.narrative());
        list(out, "concepts", "concept", observation.concepts());
        list(out, "files_read", "file", observation.filesRead());
        list(out, "files_modified", "file", observation.filesModified());
        out.append("</observation>\n");
    }

    private static void element(StringBuilder out, String name, String value) {
        out.append("  <").append(name).append('>').append(escape(value)).append("</").append(name).append(">\n");
    }

    private static void list(StringBuilder out, String wrapper, String item, List<String> values) {
        out.append("  <").append(wrapper).append('>');
        for (String value : values) {
            out.append('<').append(item).append('>').append(escape(value)).append("</").append(item).append('>');
        }
        out.append("</").append(wrapper).append(">\n");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
