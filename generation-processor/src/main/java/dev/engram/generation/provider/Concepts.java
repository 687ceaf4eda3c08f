package dev.engram.generation.provider;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Derives a few search keywords from what a tool touched: the kind of activity, the languages of the files,
 * and what a command or request is about. Same input, same keywords in the same order.
 */
final class Concepts {

    private static final int MAX_CONCEPTS = 5;
    private static final Map<String, String> LANGUAGES = Map.ofEntries(
            Map.entry("java", "java"), Map.entry("kt", "kotlin"), Map.entry("kts", "kotlin"),
            Map.entry("py", "python"), Map.entry("ts", "typescript"), Map.entry("tsx", "typescript"),
            Map.entry("js", "javascript"), Map.entry("jsx", "javascript"), Map.entry("mjs", "javascript"),
            Map.entry("go", "go"), Map.entry("rs", "rust"), Map.entry("rb", "ruby"), Map.entry("sql", "sql"),
            Map.entry("sh", "shell"), Map.entry("md", "documentation"), Map.entry("adoc", "documentation"),
            Map.entry("yml", "configuration"), Map.entry("yaml", "configuration"),
            Map.entry("properties", "configuration"), Map.entry("xml", "configuration"),
            Map.entry("toml", "configuration"), Map.entry("json", "configuration"), Map.entry("ini", "configuration"));
    private static final Set<String> BUILD_FILES =
            Set.of("pom.xml", "build.gradle", "build.gradle.kts", "settings.gradle", "package.json", "makefile",
                    "cargo.toml", "go.mod", "dockerfile");
    private static final Set<String> BUILD_TOOLS =
            Set.of("mvn", "./mvnw", "mvnw", "gradle", "./gradlew", "gradlew", "npm", "npx", "yarn", "pnpm", "make",
                    "cargo", "go", "dotnet", "pip", "poetry");

    private Concepts() {
    }

    /**
     * @param activity the kind of activity, always first ({@code exploration}, {@code code-change}, ...)
     * @param paths the files involved
     * @param text a command or request whose words hint at the topic, or ""
     */
    static List<String> of(String activity, List<String> paths, String text) {
        Set<String> concepts = new LinkedHashSet<>();
        concepts.add(activity);
        for (String path : paths) {
            String lower = path.toLowerCase(Locale.ROOT);
            String name = lower.substring(lower.lastIndexOf('/') + 1);
            int dot = name.lastIndexOf('.');
            if (dot >= 0 && LANGUAGES.containsKey(name.substring(dot + 1))) {
                concepts.add(LANGUAGES.get(name.substring(dot + 1)));
            }
            if (BUILD_FILES.contains(name)) {
                concepts.add("build");
            }
            if (lower.contains("test")) {
                concepts.add("testing");
            }
        }
        String lower = text.toLowerCase(Locale.ROOT).trim();
        String firstWord = lower.isEmpty() ? "" : lower.split("\\s+", 2)[0];
        if (BUILD_TOOLS.contains(firstWord)) {
            concepts.add("build");
        }
        if (firstWord.equals("git") || lower.contains(" git ")) {
            concepts.add("git");
        }
        if (firstWord.equals("docker") || lower.contains("docker compose")) {
            concepts.add("docker");
        }
        if (lower.contains("test")) {
            concepts.add("testing");
        }
        return concepts.stream().limit(MAX_CONCEPTS).toList();
    }
}
