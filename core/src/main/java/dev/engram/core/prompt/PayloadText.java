package dev.engram.core.prompt;

import tools.jackson.databind.JsonNode;

/**
 * Reads fields of a hook payload as text and shortens what is read into titles, facts and summary lines,
 * the same way for every offline provider.
 */
public final class PayloadText {

    private PayloadText() {
    }

    /**
     * The first of the named fields that holds a non-blank scalar, as text stripped of surrounding whitespace;
     * "" when none does. Control characters are kept: a leading terminal colour code must stay whole.
     */
    public static String text(JsonNode node, String... names) {
        for (String name : names) {
            JsonNode value = node.path(name);
            String text = value.isString() ? value.stringValue()
                    : value.isNumber() || value.isBoolean() ? value.asString() : "";
            if (!text.isBlank()) {
                return text.strip();
            }
        }
        return "";
    }

    /** Whitespace collapsed to single spaces and cut at {@code max} chars, marked with an ellipsis when cut. */
    public static String oneLine(String text, int max) {
        String line = text.replaceAll("\\s+", " ").trim();
        return line.length() <= max ? line : line.substring(0, max - 1).trim() + "…";
    }

    /** The number of lines in {@code text}; 0 for "". */
    public static int lineCount(String text) {
        return text.isEmpty() ? 0 : (int) text.lines().count();
    }

    /** A path relative to the agent's working directory when it lies inside it, as people read it. */
    public static String relative(String path, String cwd) {
        if (!cwd.isEmpty()) {
            String base = cwd.endsWith("/") ? cwd : cwd + "/";
            if (path.startsWith(base) && path.length() > base.length()) {
                return path.substring(base.length());
            }
        }
        return path;
    }
}
