package dev.engram.core.observation;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a provider's answer to a summary prompt into a {@link SummaryAnswer}. Like
 * {@link ObservationXmlParser}, it scans for the contract's elements wherever they are, since models wrap
 * XML in prose and fences, and shares that parser's unescaping and skip handling.
 */
public final class SummaryXmlParser {

    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.DOTALL;
    private static final Pattern SUMMARY = element("summary");
    private static final Pattern REQUEST = element("request");
    private static final Pattern INVESTIGATED = element("investigated");
    private static final Pattern LEARNED = element("learned");
    private static final Pattern COMPLETED = element("completed");
    private static final Pattern NEXT_STEPS = element("next_steps");
    private static final Pattern NOTES = element("notes");

    private SummaryXmlParser() {
    }

    /**
     * Parses an answer. A summary block wins over a skip given in the same answer.
     *
     * @throws AnswerParseException when the answer has no summary block with a non-blank field and no skip
     */
    public static SummaryAnswer parseSummary(String raw) {
        int blocks = 0;
        Matcher matcher = SUMMARY.matcher(raw);
        while (matcher.find()) {
            blocks++;
            String block = matcher.group(1);
            ParsedSummary summary = new ParsedSummary(text(block, REQUEST), text(block, INVESTIGATED),
                    text(block, LEARNED), text(block, COMPLETED), text(block, NEXT_STEPS), text(block, NOTES));
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

    private static String text(String block, Pattern element) {
        Matcher matcher = element.matcher(block);
        return matcher.find() ? ObservationXmlParser.value(matcher.group(1)) : "";
    }

    private static Pattern element(String name) {
        // "(?:\\s[^>]*)?" keeps <summary> from matching <summary_x>, while allowing attributes.
        return Pattern.compile("<" + name + "(?:\\s[^>]*)?>(.*?)</" + name + "\\s*>", FLAGS);
    }
}
