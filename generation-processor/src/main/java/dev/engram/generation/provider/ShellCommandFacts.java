package dev.engram.generation.provider;

import static dev.engram.generation.provider.PayloadText.oneLine;
import static dev.engram.generation.provider.PayloadText.text;

import dev.engram.core.observation.ParsedObservation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Turns a Bash tool call into an observation: {@code progress} when it ran fine, {@code blocker} when its
 * response shows a failure, with the command, exit code and the most telling output line as facts.
 */
final class ShellCommandFacts {

    private static final Pattern EXIT_CODE_IN_TEXT = Pattern.compile("(?i)exit code:?\\s*(-?\\d+)");
    private static final Pattern ERROR_WORD = Pattern.compile("(?i)error|failed|failure|exception");
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*[A-Za-z]");

    private ShellCommandFacts() {
    }

    static Optional<ParsedObservation> observe(JsonNode input, JsonNode response) {
        String command = text(input, "command");
        if (command.isEmpty()) {
            return Optional.empty();
        }
        String stdout;
        String stderr;
        Integer exitCode;
        boolean interrupted;
        boolean unsuccessful;
        if (response.isObject()) {
            stdout = clean(text(response, "stdout", "output"));
            stderr = clean(text(response, "stderr"));
            String exit = text(response, "exit_code", "exitCode", "returnCode");
            exitCode = exit.matches("-?\\d+") ? Integer.valueOf(exit) : null;
            interrupted = response.path("interrupted").asBoolean(false);
            unsuccessful = response.path("success").isBoolean() && !response.path("success").booleanValue();
        } else {
            stdout = clean(response.isString() ? response.stringValue() : "");
            stderr = "";
            Matcher exit = EXIT_CODE_IN_TEXT.matcher(stdout);
            exitCode = exit.find() ? Integer.valueOf(exit.group(1)) : null;
            interrupted = false;
            unsuccessful = false;
        }
        String output = stdout + "\n" + stderr;
        boolean buildFailure = output.contains("BUILD FAILURE");
        boolean failed = buildFailure || (exitCode != null && exitCode != 0) || interrupted || unsuccessful
                || ERROR_WORD.matcher(stderr).find() || output.contains("FAILED");

        String shortCommand = oneLine(command.lines().findFirst().orElse(command), 60);
        String outcome = failed ? failureLabel(buildFailure, exitCode, interrupted, output)
                : output.contains("BUILD SUCCESS") ? "BUILD SUCCESS" : "";
        String line = failed ? firstLine(stderr + "\n" + stdout, true) : firstLine(stdout, false);

        List<String> facts = new ArrayList<>();
        facts.add("Command: " + oneLine(command, 200));
        if (exitCode != null) {
            facts.add("Exit code: " + exitCode);
        }
        if (interrupted) {
            facts.add("The command was interrupted");
        }
        if (!line.isEmpty()) {
            facts.add((failed ? "Error output: " : "Output: ") + line);
        }
        String title = "Ran " + shortCommand + (outcome.isEmpty() ? "" : ": " + outcome);
        String description = text(input, "description");
        String narrative = failed
                ? "The agent ran `" + shortCommand + "` and it failed (" + outcome + ")."
                        + (line.isEmpty() ? "" : " The first error line was: " + line)
                : "The agent ran `" + shortCommand + "`" + (line.isEmpty() ? "." : "; its output began with: " + line);
        return Optional.of(new ParsedObservation(failed ? "blocker" : "progress", title,
                description.isEmpty() ? "Shell command" : oneLine(description, 120), facts, narrative,
                Concepts.of(failed ? "failure" : "shell", List.of(), command), List.of(), List.of()));
    }

    private static String failureLabel(boolean buildFailure, Integer exitCode, boolean interrupted, String output) {
        if (buildFailure) {
            return "BUILD FAILURE";
        }
        if (exitCode != null && exitCode != 0) {
            return "exit code " + exitCode;
        }
        if (interrupted) {
            return "interrupted";
        }
        return output.contains("FAILED") ? "FAILED" : "failed";
    }

    /** The first line naming an error when {@code preferErrors}, else (or failing that) the first non-blank line. */
    private static String firstLine(String output, boolean preferErrors) {
        List<String> lines = output.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
        if (preferErrors) {
            for (String line : lines) {
                if (ERROR_WORD.matcher(line).find() || line.contains("FAILED")) {
                    return oneLine(line, 160);
                }
            }
        }
        return lines.isEmpty() ? "" : oneLine(lines.get(0), 160);
    }

    private static String clean(String output) {
        return ANSI.matcher(output).replaceAll("");
    }
}
