package dev.engram.core.observation;

import org.jspecify.annotations.Nullable;

/**
 * Finds an answer's elements as the pattern {@code <name(?:\s[^>]*)?>(.*?)</name\s*>} would, case-insensitive in
 * ASCII and with {@code .} matching line ends, but without a regular expression: the profile of a 500 events/s
 * pipeline run had {@code Matcher.find} over these patterns, which tries a match at every character, as the
 * largest frame of the processors' own work. This looks only where the text has a {@code <}, so a search costs a
 * scan of the text and a comparison of the name at each tag. {@code ElementsTest} holds it to the pattern's answers.
 */
final class Elements {

    /** An element found: its content is {@code text[contentStart, contentEnd)}, and it ends at {@code end}. */
    record Found(int contentStart, int contentEnd, int end) {

        String content(String text) {
            return text.substring(contentStart, contentEnd);
        }
    }

    private Elements() {
    }

    /**
     * The first element {@code name} (lower case) whose opening tag starts at or after {@code from}, with the
     * nearest closing tag after it, or null when there is none.
     */
    static @Nullable Found find(String text, String name, int from) {
        for (int open = text.indexOf('<', from); open >= 0; open = text.indexOf('<', open + 1)) {
            int contentStart = contentStart(text, open, name);
            if (contentStart < 0) {
                continue;
            }
            for (int close = text.indexOf("</", contentStart); close >= 0; close = text.indexOf("</", close + 1)) {
                int end = closingEnd(text, close, name);
                if (end >= 0) {
                    return new Found(contentStart, close, end);
                }
            }
            // No closing tag after this opening one, and so none after any later one either.
            return null;
        }
        return null;
    }

    /** After {@code <name>} or {@code <name attributes>} at {@code open}: where the content starts, or -1. */
    private static int contentStart(String text, int open, String name) {
        int after = open + 1 + name.length();
        if (after >= text.length() || !named(text, open + 1, name)) {
            return -1;
        }
        char next = text.charAt(after);
        if (next == '>') {
            return after + 1;
        }
        if (!whitespace(next)) {
            return -1;
        }
        int gt = text.indexOf('>', after);
        return gt < 0 ? -1 : gt + 1;
    }

    /** After {@code </name>} (whitespace allowed before the {@code >}) at {@code close}: where it ends, or -1. */
    private static int closingEnd(String text, int close, String name) {
        if (!named(text, close + 2, name)) {
            return -1;
        }
        int at = close + 2 + name.length();
        while (at < text.length() && whitespace(text.charAt(at))) {
            at++;
        }
        return at < text.length() && text.charAt(at) == '>' ? at + 1 : -1;
    }

    /** Whether {@code name} is written at {@code at}, its letters in either case (ASCII only, as the pattern). */
    private static boolean named(String text, int at, String name) {
        if (at + name.length() > text.length()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = text.charAt(at + i);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
            }
            if (c != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The pattern's {@code \s}: space, tab, line feed, vertical tab, form feed, carriage return. */
    private static boolean whitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }
}
