package dev.engram.summary.provider;

import tools.jackson.databind.JsonNode;

/** Reads fields of a hook payload and shortens them into summary text. */
final class PayloadFields {

    private PayloadFields() {
    }

    /** The first of the named fields that holds a non-blank scalar, as trimmed text; "" when none does. */
    static String text(JsonNode node, String... names) {
        for (String name : names) {
            JsonNode value = node.path(name);
            String text = value.isString() ? value.stringValue()
                    : value.isNumber() || value.isBoolean() ? value.asString() : "";
            if (!text.isBlank()) {
                return text.trim();
            }
        }
        return "";
    }

    /** Whitespace collapsed to single spaces and cut at {@code max} chars, marked with an ellipsis when cut. */
    static String oneLine(String text, int max) {
        String line = text.replaceAll("\\s+", " ").trim();
        return line.length() <= max ? line : line.substring(0, max - 1).trim() + "…";
    }

    /** A path relative to the agent's working directory when it lies inside it, as people read it. */
    static String relative(String path, String cwd) {
        if (!cwd.isEmpty()) {
            String base = cwd.endsWith("/") ? cwd : cwd + "/";
            if (path.startsWith(base) && path.length() > base.length()) {
                return path.substring(base.length());
            }
        }
        return path;
    }
}
