package dev.engram.core.prompt;

import static dev.engram.core.prompt.PayloadText.oneLine;
import static dev.engram.core.prompt.PayloadText.text;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * How one shell command ended, judged from the Bash tool's response: an exit code, an interruption, or the
 * failure markers build tools and test runners print. Many responses carry no exit code at all, so a
 * surefire report of failing tests counts as a failure on its own. A response cut off from the prompt is
 * {@code UNKNOWN}.
 *
 * @param result passed, failed, or unknown
 * @param label what the failure was ({@code exit code 1}, {@code BUILD FAILURE},
 *     {@code Tests run: 4, Failures: 1}); for a pass {@code BUILD SUCCESS} when the build tool said so, else ""
 * @param errorLine the first output line naming the error, stderr before stdout; "" when there is none
 * @param firstLine the first non-blank output line, stdout before stderr; "" when nothing was printed
 * @param exitCode the exit code the response reports, or null when it reports none
 * @param interrupted whether the response says the command was interrupted
 */
public record CommandOutcome(Result result, String label, String errorLine, String firstLine,
        @Nullable Integer exitCode, boolean interrupted) {

    /** Whether a command passed, failed, or cannot be told from what is left of its response. */
    public enum Result { PASSED, FAILED, UNKNOWN }

    private static final int MAX_LINE = 160;
    private static final int MAX_DESCRIBED_LINE = 120;
    private static final String TESTS_RUN = "Tests run: ";
    private static final Pattern EXIT_CODE_IN_TEXT = Pattern.compile("(?i)exit code:?\\s*(-?\\d+)");
    private static final Pattern ERROR_WORD = Pattern.compile("(?i)\\b(error|failed|failure|exception)\\b");
    // Surefire and Failsafe print "Tests run: 4, Failures: 1, Errors: 0, Skipped: 0" per class and in total.
    private static final Pattern TEST_COUNTS =
            Pattern.compile("Tests run:\\s*(\\d+),\\s*Failures:\\s*(\\d+)(?:,\\s*Errors:\\s*(\\d+))?");
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*[A-Za-z]");

    /** Judges a Bash {@code tool_response}: an object with stdout, stderr and flags, or a plain string. */
    public static CommandOutcome of(JsonNode response) {
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
            return new CommandOutcome(Result.UNKNOWN, "", "", "", null, false);
        }
        String output = stdout + "\n" + stderr;
        String firstLine = firstNonBlank(output);
        Optional<String> failingTests = failingTestCounts(output);
        String label;
        if (output.contains("BUILD FAILURE")) {
            label = "BUILD FAILURE";
        } else if (exitCode != null && exitCode != 0) {
            label = "exit code " + exitCode;
        } else if (interrupted) {
            label = "interrupted";
        } else if (failingTests.isPresent()) {
            label = failingTests.get();
        } else if (unsuccessful || output.contains("FAILED") || output.contains("<<< FAILURE!")
                || output.contains("<<< ERROR!") || ERROR_WORD.matcher(stderr).find()) {
            label = "failed";
        } else {
            String said = output.contains("BUILD SUCCESS") ? "BUILD SUCCESS" : "";
            return new CommandOutcome(Result.PASSED, said, "", firstLine, exitCode, false);
        }
        return new CommandOutcome(Result.FAILED, label, errorLine(stderr + "\n" + stdout), firstLine, exitCode,
                interrupted);
    }

    public boolean failed() {
        return result == Result.FAILED;
    }

    public boolean passed() {
        return result == Result.PASSED;
    }

    /**
     * The failure in a few words: {@code exit code 1: [ERROR] Tests run: 4, Failures: 1}, or just the label
     * when there is no error line or the error line only repeats it.
     */
    public String describe() {
        boolean repeatsLabel = errorLine.equals(label) || label.startsWith(TESTS_RUN) && errorLine.contains(label);
        return errorLine.isEmpty() || repeatsLabel ? label : label + ": " + oneLine(errorLine, MAX_DESCRIBED_LINE);
    }

    /** {@code Tests run: 4, Failures: 1} from the last test report line with failures or errors, if any. */
    private static Optional<String> failingTestCounts(String output) {
        Matcher counts = TEST_COUNTS.matcher(output);
        String last = null;
        while (counts.find()) {
            int failures = Integer.parseInt(counts.group(2));
            int errors = counts.group(3) == null ? 0 : Integer.parseInt(counts.group(3));
            if (failures > 0 || errors > 0) {
                last = TESTS_RUN + counts.group(1) + ", Failures: " + failures
                        + (errors > 0 ? ", Errors: " + errors : "");
            }
        }
        return Optional.ofNullable(last);
    }

    private static String errorLine(String output) {
        return output.lines().map(String::trim)
                .filter(line -> ERROR_WORD.matcher(line).find() || line.contains("FAILED"))
                .filter(line -> !line.equals("BUILD FAILURE") && !line.endsWith("] BUILD FAILURE"))
                .findFirst().map(line -> oneLine(line, MAX_LINE)).orElse("");
    }

    private static String firstNonBlank(String output) {
        return output.lines().map(String::trim).filter(line -> !line.isEmpty())
                .findFirst().map(line -> oneLine(line, MAX_LINE)).orElse("");
    }

    private static String clean(String output) {
        return ANSI.matcher(output).replaceAll("");
    }
}
