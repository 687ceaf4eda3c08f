package dev.engram.summary.provider;

import static dev.engram.core.prompt.PayloadText.oneLine;
import static dev.engram.core.prompt.PayloadText.relative;
import static dev.engram.core.prompt.PayloadText.text;

import dev.engram.core.observation.ParsedSummary;
import dev.engram.core.prompt.CommandOutcome;
import dev.engram.core.prompt.PromptedEvent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * What happened in a session, gathered event by event from Claude Code hook payloads: the first request,
 * what was read and searched, what was changed, and how each shell command ended ({@link CommandRuns}).
 * Everything is kept in the order it first happened, so the same events always give the same summary.
 */
final class SessionActivity {

    private static final int MAX_LISTED = 8;

    private String request = "";
    private String cwd = "";
    private int userPrompts;
    private final Set<String> filesRead = new LinkedHashSet<>();
    private final Set<String> searches = new LinkedHashSet<>();
    private final Set<String> filesModified = new LinkedHashSet<>();
    private final Map<String, Integer> toolUses = new TreeMap<>();
    private final CommandRuns commandRuns = new CommandRuns();

    void add(PromptedEvent event) {
        JsonNode payload = event.payload();
        if (cwd.isEmpty()) {
            cwd = text(payload, "cwd");
        }
        String tool = text(payload, "tool_name");
        if (!tool.isEmpty()) {
            toolUses.merge(tool, 1, Integer::sum);
            toolUse(tool, payload.path("tool_input"), payload.path("tool_response"), text(payload, "cwd"));
            return;
        }
        String prompt = payload.isString() && event.eventType().equals("user_prompt")
                ? payload.stringValue().trim() : text(payload, "prompt");
        if (!prompt.isEmpty()) {
            userPrompts++;
            if (request.isEmpty()) {
                request = oneLine(prompt, 300);
            }
        }
    }

    boolean isEmpty() {
        return userPrompts == 0 && toolUses.isEmpty();
    }

    ParsedSummary summary() {
        CommandRuns.Findings commands = commandRuns.findings();
        List<String> completed = new ArrayList<>(commands.completed());
        List<String> unresolved = commands.unresolved();
        if (!filesModified.isEmpty()) {
            completed.add(0, "Modified " + listed(filesModified));
        }
        List<String> investigated = new ArrayList<>();
        if (!filesRead.isEmpty()) {
            investigated.add("Read " + listed(filesRead));
        }
        investigated.addAll(searches);
        return new ParsedSummary(request.isEmpty() ? "Work in " + (cwd.isEmpty() ? "the project" : cwd) : request,
                capitalized(String.join("; ", investigated)), String.join("; ", commands.learned()),
                capitalized(String.join("; ", completed)),
                unresolved.isEmpty() ? "None recorded" : "Fix failing: " + String.join("; ", unresolved), notes());
    }

    private void toolUse(String tool, JsonNode input, JsonNode response, String eventCwd) {
        String path = text(input, "file_path", "notebook_path", "path");
        String shown = relative(path, eventCwd.isEmpty() ? cwd : eventCwd);
        switch (tool) {
            case "Read" -> addIfPresent(filesRead, shown);
            case "Grep", "Glob" -> {
                String pattern = text(input, "pattern");
                if (!pattern.isEmpty()) {
                    searches.add((tool.equals("Grep") ? "searched for \"" : "listed files matching \"")
                            + oneLine(pattern, 80) + "\"" + (path.isEmpty() ? "" : " in " + shown));
                }
            }
            case "WebFetch" -> addIfPresent(searches, prefixed("fetched ", text(input, "url")));
            case "WebSearch" -> addIfPresent(searches, prefixed("searched the web for ", text(input, "query")));
            case "Edit", "MultiEdit", "Write", "NotebookEdit" -> {
                if (!shown.isEmpty()) {
                    filesModified.add(shown);
                    commandRuns.changed(shown);
                }
            }
            case "Bash" -> {
                String command = text(input, "command");
                if (!command.isEmpty()) {
                    commandRuns.ran(command, CommandOutcome.of(response));
                }
            }
            default -> {
            }
        }
    }

    private String notes() {
        int total = toolUses.values().stream().mapToInt(Integer::intValue).sum();
        List<String> counts = new ArrayList<>();
        toolUses.forEach((tool, count) -> counts.add(tool + " " + count));
        StringBuilder notes = new StringBuilder();
        notes.append(total == 0 ? "No tool uses" : total + " tool use" + (total == 1 ? "" : "s") + " ("
                + String.join(", ", counts) + ")");
        notes.append(", ").append(userPrompts).append(" user prompt").append(userPrompts == 1 ? "" : "s").append('.');
        if (!filesRead.isEmpty()) {
            notes.append(" Files read: ").append(listed(filesRead)).append('.');
        }
        if (!filesModified.isEmpty()) {
            notes.append(" Files modified: ").append(listed(filesModified)).append('.');
        }
        return notes.toString();
    }

    private static String listed(Set<String> items) {
        List<String> shown = items.stream().limit(MAX_LISTED).toList();
        String list = String.join(", ", shown);
        return items.size() > MAX_LISTED ? list + " and " + (items.size() - MAX_LISTED) + " more" : list;
    }

    private static String prefixed(String prefix, String value) {
        return value.isEmpty() ? "" : prefix + oneLine(value, 100);
    }

    private static void addIfPresent(Set<String> items, String item) {
        if (!item.isEmpty()) {
            items.add(item);
        }
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
