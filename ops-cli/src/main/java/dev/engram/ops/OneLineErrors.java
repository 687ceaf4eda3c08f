package dev.engram.ops;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Reports a failed command as one line on stderr with exit status 1: an operator needs the reason,
 * not a stack trace (the logs still have the details when an app failed to start).
 */
final class OneLineErrors implements IExecutionExceptionHandler {

    static final int FAILURE = 1;

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
        commandLine.getErr().println("engram: " + describe(e));
        commandLine.getErr().flush();
        return FAILURE;
    }

    /** Our own messages are written to be read as they are; others get their root cause appended. */
    static String describe(Throwable e) {
        String message = messageOf(e);
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        boolean ours = e.getClass().getName().startsWith("dev.engram.")
                || e.getClass() == IllegalStateException.class || e.getClass() == IllegalArgumentException.class;
        if (root != e && !ours) {
            message += " (caused by " + root.getClass().getSimpleName() + ": " + messageOf(root) + ")";
        }
        return message;
    }

    private static String messageOf(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        String firstLine = message.strip().lines().findFirst().orElse(message);
        return firstLine;
    }
}
