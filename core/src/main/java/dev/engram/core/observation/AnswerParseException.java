package dev.engram.core.observation;

/**
 * A provider answer with neither a valid observation block nor a skip. Asking again may give a usable
 * answer, but the answer itself can never be read.
 */
public class AnswerParseException extends RuntimeException {

    public AnswerParseException(String message) {
        super(message);
    }
}
