package dev.engram.summary.provider;

import dev.engram.core.observation.ParsedSummary;
import dev.engram.core.prompt.PromptedEvent;
import dev.engram.core.prompt.PromptedEvents;
import dev.engram.core.provider.ObservationProvider;

/**
 * Engram's default summary provider: an offline, deterministic summariser that needs no model. It reads
 * the session's events back out of the summary prompt and answers in the same {@code <summary>} XML an LLM
 * would give, so its answers go through the same parser and write path. The same prompt always yields the
 * byte-identical answer.
 */
public final class RulesSummaryProvider implements ObservationProvider {

    static final String SKIP_ANSWER = "<skip_summary reason=\"no user request or tool activity to summarise\"/>\n";

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
        SessionActivity activity = new SessionActivity();
        for (PromptedEvent event : PromptedEvents.read(prompt)) {
            activity.add(event);
        }
        return activity.isEmpty() ? SKIP_ANSWER : render(activity.summary());
    }

    private static String render(ParsedSummary summary) {
        StringBuilder out = new StringBuilder("<summary>\n");
        element(out, "request", summary.request());
        element(out, "investigated", summary.investigated());
        element(out, "learned", summary.learned());
        element(out, "completed", summary.completed());
        element(out, "next_steps", summary.nextSteps());
        element(out, "notes", summary.notes());
        return out.append("</summary>\n").toString();
    }

    private static void element(StringBuilder out, String name, String value) {
        out.append("  <").append(name).append('>').append(escape(value)).append("</").append(name).append(">\n");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
