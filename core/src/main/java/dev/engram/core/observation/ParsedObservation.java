package dev.engram.core.observation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code <observation>} block from a provider's answer, with absent elements as empty text or lists.
 * {@link #content()} and {@link #metadata()} are what gets stored on the observation row.
 */
public record ParsedObservation(String type, String title, String subtitle, List<String> facts, String narrative,
        List<String> concepts, List<String> filesRead, List<String> filesModified) {

    public ParsedObservation {
        facts = List.copyOf(facts);
        concepts = List.copyOf(concepts);
        filesRead = List.copyOf(filesRead);
        filesModified = List.copyOf(filesModified);
    }

    /** The rendered text: title, subtitle, narrative, then facts as {@code - } lines, joined by blank lines. */
    public String content() {
        List<String> parts = new ArrayList<>();
        addIfPresent(parts, title);
        addIfPresent(parts, subtitle);
        addIfPresent(parts, narrative);
        List<String> factLines = new ArrayList<>();
        for (String fact : facts) {
            if (!fact.isBlank()) {
                factLines.add("- " + fact);
            }
        }
        addIfPresent(parts, String.join("\n", factLines));
        return String.join("\n\n", parts);
    }

    /** The structured fields under the contract's key names, in the contract's order. */
    public Map<String, Object> metadata() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("type", type);
        metadata.put("title", title);
        metadata.put("subtitle", subtitle);
        metadata.put("facts", facts);
        metadata.put("narrative", narrative);
        metadata.put("concepts", concepts);
        metadata.put("files_read", filesRead);
        metadata.put("files_modified", filesModified);
        return metadata;
    }

    private static void addIfPresent(List<String> parts, String part) {
        if (!part.isBlank()) {
            parts.add(part);
        }
    }
}
