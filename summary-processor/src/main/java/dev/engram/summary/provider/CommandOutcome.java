package dev.engram.summary.provider;

import static dev.engram.summary.provider.PayloadFields.oneLine;
import static dev.engram.summary.provider.PayloadFields.text;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * How one shell command ended, judged from the Bash tool's response: an exit code, an interruption, or the
 * failure markers build tools and test runners print. A response cut off from the prompt is {@code UNKNOWN}.
 *
 * @param result passed, failed, or unknown
 * @param label what the failure was ({@code exit code 1}, {@code BUILD FAILURE}); "" unless failed
 * @param errorLine the first output line naming the error; "" when there is none
 */
record CommandOutcome(Result result, String label, String errorLine) {

    enum Result { PASSED, FAILED, UNKNOWN }

    private static final Pattern EXIT_CODE_IN_TEXT = Pattern.compile("(?i)exit code:?\\s*(-?\\d+)");
    private static final Pattern ERROR_WORD = Pattern.compile("(?i)\\b(error|failed|failure|exception)\\b");
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*[A-Za-z]");

    static CommandOutcome of(JsonNode response) {
        String stdout;
        String stderr = "";
        Integer exitCode = null;
        boolean interrupted = false;
        boolean unsuccessful = false;
        if (response.isObject()) {
            stdout = clean(text(response, "stdout", "output"));
            stderr = clean(text(response, "stderr"));
            String exit = text(response, "exit_code", "exitCode", "returnCode");
            exitCode = exit.matches("-?\\d+") ? Integer.valueOf(exit) : null;
            interrupted = response.path("interrupted").asBoolean(false);
            unsuccessful = response.path("success").isBoolean() && !response.path("success").booleanValue();
        } else if (response.isString()) {
            stdout = clean(response.stringValue());
            Matcher exit = EXIT_CODE_IN_TEXT.matcher(stdout);
            exitCode = exit.find() ? Integer.valueOf(exit.group(1)) : null;
        } else {
            return new CommandOutcome(Result.UNKNOWN, "", "");
        }
        String output = stdout + "\n" + stderr;
        String label;
        if (output.contains("BUILD FAILURE")) {
            label = "BUILD FAILURE";
        } else if (exitCode != null && exitCode != 0) {
            label = "exit code " + exitCode;
        } else if (interrupted) {
            label = "interrupted";
        } else if (unsuccessful || output.contains("FAILED") || ERROR_WORD.matcher(stderr).find()) {
            label = "failed";
        } else {
            return new CommandOutcome(Result.PASSED, "", "");
        }
        return new CommandOutcome(Result.FAILED, label, errorLine(stderr + "\n" + stdout));
    }

    boolean failed() {
        return result == Result.FAILED;
    }

    boolean passed() {
        return result == Result.PASSED;
    }

    /** {@code exit code 1: [ERROR] Tests run: 4, Failures: 1}, or just the label without an error line. */
    String describe() {
        return errorLine.isEmpty() || errorLine.equals(label) ? label : label + ": " + errorLine;
    }

    private static String errorLine(String output) {
        return output.lines().map(String::trim)
                .filter(line -> ERROR_WORD.matcher(line).find() || line.contains("FAILED"))
                .filter(line -> !line.equals("BUILD FAILURE") && !line.endsWith("] BUILD FAILURE"))
                .findFirst().map(line -> oneLine(line, 120)).orElse("");
    }

    private static String clean(String output) {
        return ANSI.matcher(output).replaceAll("");
    }
}
