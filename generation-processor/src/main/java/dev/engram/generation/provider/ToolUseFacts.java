package dev.engram.generation.provider;

import static dev.engram.core.prompt.PayloadText.lineCount;
import static dev.engram.core.prompt.PayloadText.oneLine;
import static dev.engram.core.prompt.PayloadText.relative;
import static dev.engram.core.prompt.PayloadText.text;

import dev.engram.core.observation.ParsedObservation;
import dev.engram.core.prompt.PromptedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The rules that turn one Claude Code hook payload into at most one observation: reading and searching
 * are {@code discovery}, changing files is {@code progress}, shell commands go to {@link ShellCommandFacts},
 * and a user prompt is a {@code discovery} of what was asked.
 */
final class ToolUseFacts {

    private static final int MAX_GENERIC_INPUT_FACTS = 3;

    private ToolUseFacts() {
    }

    static Optional<ParsedObservation> observe(PromptedEvent event) {
        JsonNode payload = event.payload();
        String tool = text(payload, "tool_name");
        if (!tool.isEmpty()) {
            return toolUse(tool, payload.path("tool_input"), payload.path("tool_response"), text(payload, "cwd"));
        }
        String prompt = payload.isString() && event.eventType().equals("user_prompt")
                ? payload.stringValue().trim() : text(payload, "prompt");
        return prompt.isEmpty() ? Optional.empty() : Optional.of(userPrompt(prompt));
    }

    private static Optional<ParsedObservation> toolUse(String tool, JsonNode input, JsonNode response, String cwd) {
        String path = text(input, "file_path", "notebook_path", "path");
        String shown = relative(path, cwd);
        Optional<ParsedObservation> specific = switch (tool) {
            case "Read" -> path.isEmpty() ? Optional.empty() : Optional.of(read(path, shown, input));
            case "Grep", "Glob" -> search(tool, path, shown, input);
            case "WebFetch", "WebSearch" -> web(tool, input);
            case "Edit", "MultiEdit", "Write", "NotebookEdit" ->
                    path.isEmpty() ? Optional.empty() : Optional.of(change(tool, path, shown, input));
            case "Bash" -> ShellCommandFacts.observe(input, response);
            default -> Optional.empty();
        };
        return specific.isPresent() ? specific : Optional.of(generic(tool, path, input));
    }

    private static ParsedObservation read(String path, String shown, JsonNode input) {
        List<String> facts = new ArrayList<>(List.of("Read " + path));
        String offset = text(input, "offset");
        String limit = text(input, "limit");
        if (!offset.isEmpty() || !limit.isEmpty()) {
            facts.add("Line range: offset " + (offset.isEmpty() ? "0" : offset) + ", limit "
                    + (limit.isEmpty() ? "none" : limit));
        }
        return new ParsedObservation("discovery", "Read " + shown, "File read", facts,
                "The agent read " + shown + " to inspect its contents.",
                Concepts.of("exploration", List.of(path), ""), List.of(path), List.of());
    }

    private static Optional<ParsedObservation> search(String tool, String path, String shown, JsonNode input) {
        String pattern = text(input, "pattern");
        if (pattern.isEmpty()) {
            return Optional.empty();
        }
        String quoted = "\"" + oneLine(pattern, 80) + "\"";
        String where = path.isEmpty() ? "" : " in " + shown;
        List<String> facts = new ArrayList<>(List.of((tool.equals("Grep") ? "Pattern: " : "Glob: ") + pattern));
        if (!path.isEmpty()) {
            facts.add("Searched in " + path);
        }
        String filter = text(input, "glob", "type");
        if (!filter.isEmpty()) {
            facts.add("File filter: " + filter);
        }
        String title = (tool.equals("Grep") ? "Searched for " : "Listed files matching ") + quoted + where;
        return Optional.of(new ParsedObservation("discovery", title, tool + " search", facts,
                "The agent " + (tool.equals("Grep") ? "searched the code for " : "listed files matching ") + quoted
                        + where + ".",
                Concepts.of("exploration", List.of(path, pattern, filter), ""),
                path.isEmpty() ? List.of() : List.of(path), List.of()));
    }

    private static Optional<ParsedObservation> web(String tool, JsonNode input) {
        String target = text(input, tool.equals("WebFetch") ? "url" : "query");
        if (target.isEmpty()) {
            return Optional.empty();
        }
        boolean fetch = tool.equals("WebFetch");
        String title = fetch ? "Fetched " + oneLine(target, 100)
                : "Searched the web for \"" + oneLine(target, 80) + "\"";
        List<String> facts = List.of((fetch ? "URL: " : "Query: ") + target);
        return Optional.of(new ParsedObservation("discovery", title, fetch ? "Web page fetched" : "Web search", facts,
                "The agent " + (fetch ? "fetched " + target : "searched the web for \"" + target + "\"")
                        + " to look something up.",
                Concepts.of("web", List.of(), ""), List.of(), List.of()));
    }

    private static ParsedObservation change(String tool, String path, String shown, JsonNode input) {
        String title;
        String detail;
        switch (tool) {
            case "Write" -> {
                int lines = lineCount(text(input, "content"));
                title = "Wrote " + shown;
                // A payload cut at the prompt limit has lost its content: say nothing rather than "0 lines".
                detail = input.has("content") ? "Wrote " + lines + " line" + (lines == 1 ? "" : "s") + " to " + path
                        : "Wrote the whole file " + path;
            }
            case "MultiEdit" -> {
                int edits = input.path("edits").size();
                title = "Edited " + shown;
                detail = "Applied " + edits + " edit" + (edits == 1 ? "" : "s") + " to " + path;
            }
            case "NotebookEdit" -> {
                title = "Edited notebook " + shown;
                String mode = text(input, "edit_mode");
                detail = (mode.isEmpty() ? "Edited a cell of " : "Cell " + mode + " in ") + path;
            }
            default -> {
                int removed = lineCount(text(input, "old_string"));
                int added = lineCount(text(input, "new_string"));
                title = "Edited " + shown;
                detail = "Replaced " + removed + " line" + (removed == 1 ? "" : "s") + " with " + added
                        + " line" + (added == 1 ? "" : "s") + (input.path("replace_all").asBoolean(false)
                        ? " at every occurrence" : "");
            }
        }
        return new ParsedObservation("progress", title, tool + " tool", List.of("Modified " + path, detail),
                "The agent changed " + shown + " with the " + tool + " tool.",
                Concepts.of("code-change", List.of(path), ""), List.of(), List.of(path));
    }

    private static ParsedObservation generic(String tool, String path, JsonNode input) {
        List<String> facts = new ArrayList<>(List.of("Tool: " + tool));
        for (Map.Entry<String, JsonNode> entry : input.properties()) {
            JsonNode value = entry.getValue();
            if (facts.size() > MAX_GENERIC_INPUT_FACTS) {
                break;
            }
            if (value.isValueNode() && !value.isNull() && !value.asString().isBlank()) {
                facts.add(entry.getKey() + ": " + oneLine(value.asString(), 120));
            }
        }
        List<String> paths = path.isEmpty() ? List.of() : List.of(path);
        return new ParsedObservation("discovery", "Used " + tool, "Tool call", facts,
                "The agent used the " + tool + " tool.", Concepts.of("tool-use", paths, ""), paths, List.of());
    }

    private static ParsedObservation userPrompt(String prompt) {
        String line = prompt.replaceAll("\\s+", " ").trim();
        String head = line.length() <= 80 ? line : line.substring(0, 80).trim();
        return new ParsedObservation("discovery", "User asked: " + head, "User prompt",
                List.of("Prompt: " + oneLine(prompt, 300)),
                "The user gave the agent this request: " + oneLine(prompt, 200),
                Concepts.of("user-request", List.of(), prompt), List.of(), List.of());
    }
}
