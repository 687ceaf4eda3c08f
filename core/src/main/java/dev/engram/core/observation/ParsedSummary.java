package dev.engram.core.observation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code <summary>} block of a provider's answer for a session, with absent elements as empty text.
 * {@link #content()} and {@link #metadata()} are what gets stored on the summary observation row.
 */
public record ParsedSummary(String request, String investigated, String learned, String completed, String nextSteps,
        String notes) {

    /** The rendered text: one {@code Label: value} line per non-blank field, in the contract's order. */
    public String content() {
        List<String> lines = new ArrayList<>();
        addIfPresent(lines, "Request", request);
        addIfPresent(lines, "Investigated", investigated);
        addIfPresent(lines, "Learned", learned);
        addIfPresent(lines, "Completed", completed);
        addIfPresent(lines, "Next steps", nextSteps);
        addIfPresent(lines, "Notes", notes);
        return String.join("\n", lines);
    }

    /** The structured fields under the contract's key names, in the contract's order. */
    public Map<String, Object> metadata() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("request", request);
        metadata.put("investigated", investigated);
        metadata.put("learned", learned);
        metadata.put("completed", completed);
        metadata.put("next_steps", nextSteps);
        metadata.put("notes", notes);
        return metadata;
    }

    /** True when no field has any text, which no provider answer may be stored as. */
    public boolean isBlank() {
        return request.isBlank() && investigated.isBlank() && learned.isBlank() && completed.isBlank()
                && nextSteps.isBlank() && notes.isBlank();
    }

    private static void addIfPresent(List<String> lines, String label, String value) {
        if (!value.isBlank()) {
            lines.add(label + ": " + value.strip());
        }
    }
}
