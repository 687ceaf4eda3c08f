package dev.engram.generation.provider;

import static dev.engram.core.prompt.PayloadText.oneLine;
import static dev.engram.core.prompt.PayloadText.text;

import dev.engram.core.observation.ParsedObservation;
import dev.engram.core.prompt.CommandOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Turns a Bash tool call into an observation: {@code progress} when it ran fine, {@code blocker} when its
 * response shows a failure (as judged by {@link CommandOutcome}), with the command, exit code and the most
 * telling output line as facts.
 */
final class ShellCommandFacts {

    private ShellCommandFacts() {
    }

    static Optional<ParsedObservation> observe(JsonNode input, JsonNode response) {
        String command = text(input, "command");
        if (command.isEmpty()) {
            return Optional.empty();
        }
        CommandOutcome outcome = CommandOutcome.of(response);
        boolean failed = outcome.failed();
        String shortCommand = oneLine(command.lines().findFirst().orElse(command), 60);
        String result = outcome.label();
        String line = failed && !outcome.errorLine().isEmpty() ? outcome.errorLine() : outcome.firstLine();

        List<String> facts = new ArrayList<>();
        facts.add("Command: " + oneLine(command, 200));
        if (outcome.exitCode() != null) {
            facts.add("Exit code: " + outcome.exitCode());
        }
        if (outcome.interrupted()) {
            facts.add("The command was interrupted");
        }
        if (!line.isEmpty()) {
            facts.add((failed ? "Error output: " : "Output: ") + line);
        }
        String title = "Ran " + shortCommand + (result.isEmpty() ? "" : ": " + result);
        String description = text(input, "description");
        String narrative = failed
                ? "The agent ran `" + shortCommand + "` and it failed (" + result + ")."
                        + (line.isEmpty() ? "" : " The first error line was: " + line)
                : "The agent ran `" + shortCommand + "`" + (line.isEmpty() ? "." : "; its output began with: " + line);
        return Optional.of(new ParsedObservation(failed ? "blocker" : "progress", title,
                description.isEmpty() ? "Shell command" : oneLine(description, 120), facts, narrative,
                Concepts.of(failed ? "failure" : "shell", List.of(), command), List.of(), List.of()));
    }
}
