package dev.engram.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Grafana dashboard shipped in {@code infra/grafana/dashboards/engram.json}, read as a test sees it from a
 * module's directory: its panels' PromQL queries and the Engram metrics they name, so that a test can check each one
 * against what an app really exports.
 */
public final class EngramDashboard {

    /** Where the dashboard is, from any module's directory. */
    public static final Path FILE = Path.of("..", "infra", "grafana", "dashboards", "engram.json");
    private static final Pattern METRIC = Pattern.compile("\\b(engram_[a-z0-9_]+)\\b");

    private EngramDashboard() {
    }

    /** The dashboard as JSON (a test fails here if it is not). */
    public static JsonNode read() {
        try {
            return JsonMapper.builder().build().readTree(Files.readString(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every query ({@code expr}) of every panel, rows' nested panels included. */
    public static List<String> queries() {
        List<String> queries = new ArrayList<>();
        collect(read().path("panels"), queries);
        return queries;
    }

    /** The Engram metric series the queries name, as Prometheus exports them ({@code engram_jobs_run_seconds_bucket}). */
    public static Set<String> metrics() {
        Set<String> metrics = new TreeSet<>();
        for (String query : queries()) {
            Matcher matcher = METRIC.matcher(query);
            while (matcher.find()) {
                metrics.add(matcher.group(1));
            }
        }
        return metrics;
    }

    /** Those of {@code metrics} that a Prometheus scrape has no sample of. */
    public static Set<String> missingFrom(String scrape, Set<String> metrics) {
        Set<String> missing = new TreeSet<>();
        for (String metric : metrics) {
            if (!Pattern.compile("(?m)^" + metric + "[{ ]").matcher(scrape).find()) {
                missing.add(metric);
            }
        }
        return missing;
    }

    private static void collect(JsonNode panels, List<String> queries) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                if (target.hasNonNull("expr")) {
                    queries.add(target.get("expr").asString());
                }
            }
            collect(panel.path("panels"), queries);
        }
    }
}
