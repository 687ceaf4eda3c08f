package dev.engram.summary.provider;

import static dev.engram.core.prompt.PayloadText.oneLine;

import dev.engram.core.prompt.CommandOutcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The shell commands of a session and the file changes between them, in the order they happened, so that a
 * failing command can be paired with the later run that passed and with what was changed in between.
 */
final class CommandRuns {

    private static final int MAX_COMMAND = 80;
    private static final int MAX_FILES_NAMED = 3;
    // The agent's working directory is known already, so "cd <dir> && " in front of a command says nothing.
    private static final Pattern LEADING_CD = Pattern.compile("^cd\\s+(\"[^\"]*\"|'[^']*'|\\S+)\\s*&&\\s*");
    private static final Pattern SEPARATOR = Pattern.compile("&&|\\|\\||;|\\||\\n");
    private static final Pattern LEADING_KEYWORDS = Pattern.compile("^(?:(?:do|then|else|\\{|\\()\\s+)+");

    /**
     * @param step when it ran, counted together with file changes
     * @param command the command's first line, as the summary names it
     * @param parts the simple commands it is made of, named the same way
     */
    private record Run(int step, String command, List<String> parts, CommandOutcome outcome) {

        /** Whether this run says how {@code command} ends: it is a run of it, or a passing run that includes it. */
        boolean tells(String command) {
            return this.command.equals(command) || outcome.passed() && parts.contains(command);
        }
    }

    private record Change(int step, String file) {
    }

    /** What the runs teach, what they got done, and which commands still fail, each in first-run order. */
    record Findings(List<String> learned, List<String> completed, List<String> unresolved) {
    }

    private final List<Run> runs = new ArrayList<>();
    private final List<Change> changes = new ArrayList<>();

    void ran(String command, CommandOutcome outcome) {
        List<String> parts = Arrays.stream(SEPARATOR.split(command))
                .map(part -> named(LEADING_KEYWORDS.matcher(part.trim()).replaceFirst("")))
                .filter(part -> !part.isEmpty()).toList();
        runs.add(new Run(step(), named(command.lines().findFirst().orElse(command)), parts, outcome));
    }

    /** @param path the changed file, as the summary shows it */
    void changed(String path) {
        changes.add(new Change(step(), path));
    }

    Findings findings() {
        List<String> learned = new ArrayList<>();
        List<String> completed = new ArrayList<>();
        List<String> unresolved = new ArrayList<>();
        Set<String> commands = new LinkedHashSet<>(runs.stream().map(Run::command).toList());
        for (String command : commands) {
            List<Run> told = runs.stream().filter(run -> run.tells(command)).toList();
            Run last = told.get(told.size() - 1);
            if (last.outcome().failed()) {
                learned.add("`" + command + "` fails (" + last.outcome().describe() + ")");
                unresolved.add(command);
            } else if (last.outcome().passed()) {
                fixed(command, told).ifPresent(learned::add);
            }
            List<Run> own = runs.stream().filter(run -> run.command().equals(command)).toList();
            if (own.get(own.size() - 1).outcome().passed()) {
                completed.add("ran `" + command + "` successfully");
            }
        }
        return new Findings(learned, completed, unresolved);
    }

    /** "`cmd` failed (...) and passed after the change to X.java" when {@code told} ends in a pass after a failure. */
    private Optional<String> fixed(String command, List<Run> told) {
        int lastFailure = -1;
        for (int i = 0; i < told.size(); i++) {
            if (told.get(i).outcome().failed()) {
                lastFailure = i;
            }
        }
        if (lastFailure < 0) {
            return Optional.empty();
        }
        Run failure = told.get(lastFailure);
        Run pass = told.subList(lastFailure + 1, told.size()).stream().filter(run -> run.outcome().passed())
                .findFirst().orElseThrow();
        Set<String> files = new LinkedHashSet<>();
        changes.stream().filter(c -> c.step() > failure.step() && c.step() < pass.step())
                .forEach(c -> files.add(c.file().substring(c.file().lastIndexOf('/') + 1)));
        return Optional.of("`" + command + "` failed (" + failure.outcome().describe() + ") and passed "
                + (files.isEmpty() ? "on a later run" : "after the change" + (files.size() == 1 ? "" : "s")
                        + " to " + listed(files)));
    }

    private int step() {
        return runs.size() + changes.size();
    }

    private static String named(String command) {
        return oneLine(LEADING_CD.matcher(command.trim()).replaceFirst(""), MAX_COMMAND);
    }

    /** {@code A.java}, {@code A.java and B.java}, {@code A.java, B.java, C.java and 2 more files}. */
    private static String listed(Set<String> files) {
        List<String> shown = files.stream().limit(MAX_FILES_NAMED).toList();
        if (files.size() > MAX_FILES_NAMED) {
            return String.join(", ", shown) + " and " + (files.size() - MAX_FILES_NAMED) + " more files";
        }
        return shown.size() == 1 ? shown.get(0)
                : String.join(", ", shown.subList(0, shown.size() - 1)) + " and " + shown.get(shown.size() - 1);
    }
}
