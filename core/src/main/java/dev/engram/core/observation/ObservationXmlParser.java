package dev.engram.core.observation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a provider's answer into a {@link ProviderAnswer}. Models wrap the XML in prose or markdown fences
 * and rarely produce a well-formed document, so this scans for the contract's blocks wherever they are
 * instead of parsing the answer as XML.
 */
public final class ObservationXmlParser {

    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.DOTALL;
    static final Pattern SKIP = Pattern.compile("<skip_summary((?:\\s[^>]*)?)/?>", FLAGS);
    private static final Pattern REASON = Pattern.compile("reason\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)')", FLAGS);
    private static final Pattern CDATA = Pattern.compile("<!\\[CDATA\\[(.*?)]]>", Pattern.DOTALL);
    private static final Pattern NUMERIC_ENTITY = Pattern.compile("&#([xX][0-9a-fA-F]{1,6}|[0-9]{1,7});");

    private ObservationXmlParser() {
    }

    /**
     * Parses an answer.
     *
     * @throws AnswerParseException when the answer has no valid observation block and no skip
     */
    public static ProviderAnswer parse(String rawAnswer) {
        List<ParsedObservation> observations = new ArrayList<>();
        int blocks = 0;
        for (Elements.Found block = Elements.find(rawAnswer, "observation", 0); block != null;
                block = Elements.find(rawAnswer, "observation", block.end())) {
            blocks++;
            toObservation(block.content(rawAnswer)).ifPresent(observations::add);
        }
        if (!observations.isEmpty()) {
            return new ProviderAnswer.Observations(observations);
        }
        Matcher skip = SKIP.matcher(rawAnswer);
        if (skip.find()) {
            return new ProviderAnswer.Skip(reason(skip.group(1)));
        }
        if (blocks > 0) {
            throw new AnswerParseException("answer has " + blocks + " <observation> block(s) but none with a"
                    + " non-blank <type> and a non-blank <title> or <narrative>, and no <skip_summary/>");
        }
        throw new AnswerParseException("answer has neither an <observation> block nor a <skip_summary/>");
    }

    private static Optional<ParsedObservation> toObservation(String block) {
        String type = text(block, "type").toLowerCase(Locale.ROOT);
        String title = text(block, "title");
        String narrative = text(block, "narrative");
        if (type.isEmpty() || (title.isEmpty() && narrative.isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(new ParsedObservation(type, title, text(block, "subtitle"),
                list(block, "facts", "fact"), narrative, list(block, "concepts", "concept"),
                list(block, "files_read", "file"), list(block, "files_modified", "file")));
    }

    /** The trimmed, unescaped text of the first {@code <name>} element, or "" when absent or self-closed. */
    private static String text(String block, String name) {
        Elements.Found element = Elements.find(block, name, 0);
        return element == null ? "" : value(element.content(block));
    }

    /**
     * The non-blank {@code <item>} values inside the {@code <wrapper>} element. Without a wrapper the items
     * are taken from the whole block, except for {@code <file>}, whose meaning depends on the wrapper.
     */
    private static List<String> list(String block, String wrapper, String item) {
        Elements.Found wrapped = Elements.find(block, wrapper, 0);
        String scope;
        if (wrapped != null) {
            scope = wrapped.content(block);
        } else if (item.equals("file")) {
            return List.of();
        } else {
            scope = block;
        }
        List<String> values = new ArrayList<>();
        for (Elements.Found element = Elements.find(scope, item, 0); element != null;
                element = Elements.find(scope, item, element.end())) {
            String value = value(element.content(scope));
            if (!value.isEmpty()) {
                values.add(value);
            }
        }
        return values;
    }

    /**
     * An element's raw text with CDATA unwrapped, entities unescaped and whitespace trimmed, and without NUL
     * characters: Postgres stores none in text, and a model may echo one from a tool's output.
     */
    static String value(String raw) {
        String text = raw.contains("<![CDATA[")
                ? CDATA.matcher(raw).replaceAll(m -> Matcher.quoteReplacement(m.group(1))) : raw;
        return unescape(text).replace("\u0000", "").trim();
    }

    /** The {@code reason} attribute among a {@code <skip_summary>} tag's attributes, or "". */
    static String reason(String attributes) {
        Matcher matcher = REASON.matcher(attributes);
        if (!matcher.find()) {
            return "";
        }
        String quoted = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
        return unescape(quoted).replace("\u0000", "").trim();
    }

    static String unescape(String text) {
        if (text.indexOf('&') < 0) {
            return text;
        }
        String named = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&apos;", "'");
        String numeric = NUMERIC_ENTITY.matcher(named).replaceAll(m -> {
            String code = m.group(1);
            int codePoint = code.startsWith("x") || code.startsWith("X")
                    ? Integer.parseInt(code.substring(1), 16) : Integer.parseInt(code);
            // NUL and the surrogates are no characters of their own: the reference stays as it was written
            boolean character = Character.isValidCodePoint(codePoint) && codePoint != 0
                    && !(codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE);
            return Matcher.quoteReplacement(character ? Character.toString(codePoint) : m.group());
        });
        // &amp; last, so "&amp;lt;" becomes the literal "&lt;" and not "<".
        return numeric.replace("&amp;", "&");
    }
}
