package dev.engram.core.privacy;

import java.util.regex.Pattern;

/**
 * Removes {@code <private>...</private>} spans, which must never be stored or sent to a provider. An
 * opening tag without a closing one hides everything after it: failing closed keeps secrets out.
 */
public final class PrivateContent {

    private static final Pattern PRIVATE_SPAN =
            Pattern.compile("<private>.*?(</private>|\\z)", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private PrivateContent() {
    }

    public static String strip(String text) {
        if (text.indexOf('<') < 0) {
            return text;
        }
        return PRIVATE_SPAN.matcher(text).replaceAll("");
    }
}
