package dev.engram.core.observation;

import java.util.regex.Matcher;

/**
 * Reads a provider's answer to a summary prompt into a {@link SummaryAnswer}. Like
 * {@link ObservationXmlParser}, it scans for the contract's elements wherever they are, since models wrap
 * XML in prose and fences, and shares that parser's unescaping and skip handling.
 */
public final class SummaryXmlParser {

    private SummaryXmlParser() {
    }

    /**
     * Parses an answer. A summary block wins over a skip given in the same answer.
     *
     * @throws AnswerParseException when the answer has no summary block with a non-blank field and no skip
     */
    public static SummaryAnswer parseSummary(String raw) {
        int blocks = 0;
        for (Elements.Found found = Elements.find(raw, "summary", 0); found != null;
                found = Elements.find(raw, "summary", found.end())) {
            blocks++;
            String block = found.content(raw);
            ParsedSummary summary = new ParsedSummary(text(block, "request"), text(block, "investigated"),
                    text(block, "learned"), text(block, "completed"), text(block, "next_steps"), text(block, "notes"));
            if (!summary.isBlank()) {
                return new SummaryAnswer.Summary(summary);
            }
        }
        Matcher skip = ObservationXmlParser.SKIP.matcher(raw);
        if (skip.find()) {
            return new SummaryAnswer.Skip(ObservationXmlParser.reason(skip.group(1)));
        }
        if (blocks > 0) {
            throw new AnswerParseException("answer has " + blocks + " <summary> block(s) but none with a non-blank"
                    + " field, and no <skip_summary/>");
        }
        throw new AnswerParseException("answer has neither a <summary> block nor a <skip_summary/>");
    }

    private static String text(String block, String name) {
        Elements.Found element = Elements.find(block, name, 0);
        return element == null ? "" : ObservationXmlParser.value(element.content(block));
    }
}
