package dev.engram.ops.bench;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * The figures of one {@code engram bench} run: printed as a table, written into docs/benchmarks.md between
 * markers, saved as a baseline (a properties file of key = value) and compared against one.
 */
final class BenchReport {

    static final String BEGIN = "<!-- engram bench: begin (written by `engram bench --write`; do not edit by hand) -->";
    static final String END = "<!-- engram bench: end -->";

    /** Whether a larger value of a figure is better (throughput) or worse (latency, memory, backlog). */
    enum Better { HIGHER, LOWER }

    /**
     * One figure.
     *
     * @param key stable name, for baselines
     * @param label what was measured, for people
     * @param ratio the figure over its reference in this run, with the reference's name; null when none
     * @param target what the figure should reach, as text; empty when none
     */
    record Row(String key, String label, double value, String unit, Better better, @Nullable String ratio,
            String target) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    void add(String key, String label, double value, String unit, Better better, @Nullable String ratio,
            String target) {
        rows.add(new Row(key, label, value, unit, better, ratio, target));
    }

    void note(String note) {
        notes.add(note);
    }

    @Nullable Double value(String key) {
        return rows.stream().filter(row -> row.key().equals(key)).map(Row::value).findFirst().orElse(null);
    }

    /** {@code value / reference} as text naming the reference, or null when either is missing. */
    @Nullable String ratio(double value, @Nullable String referenceKey, String referenceName) {
        Double reference = referenceKey == null ? null : value(referenceKey);
        if (reference == null || reference <= 0 || Double.isNaN(value)) {
            return null;
        }
        return String.format(Locale.ROOT, "%.2f× %s", value / reference, referenceName);
    }

    String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-58s %14s  %-26s %s%n", "figure", "value", "ratio", "target"));
        for (Row row : rows) {
            out.append(String.format(Locale.ROOT, "%-58s %14s  %-26s %s%n", row.label(), format(row),
                    row.ratio() == null ? "" : row.ratio(), row.target()));
        }
        notes.forEach(note -> out.append("note: ").append(note).append(System.lineSeparator()));
        return out.toString();
    }

    String markdown(String heading) {
        StringBuilder out = new StringBuilder(BEGIN).append("\n\n").append(heading).append("\n\n");
        out.append("| figure | value | ratio in this run | target |\n|---|---:|---|---|\n");
        for (Row row : rows) {
            out.append("| ").append(row.label()).append(" | ").append(format(row)).append(" | ")
                    .append(row.ratio() == null ? "" : row.ratio()).append(" | ").append(row.target()).append(" |\n");
        }
        if (!notes.isEmpty()) {
            out.append('\n');
            notes.forEach(note -> out.append("- ").append(note).append('\n'));
        }
        return out.append('\n').append(END).toString();
    }

    /** Replaces the marked section of {@code document} with this run's, or appends one. */
    void writeInto(Path document, String heading) {
        try {
            String text = Files.exists(document) ? Files.readString(document) : "";
            String section = markdown(heading);
            int begin = text.indexOf(BEGIN);
            int end = text.indexOf(END);
            String updated = begin >= 0 && end > begin
                    ? text.substring(0, begin) + section + text.substring(end + END.length())
                    : text + (text.isEmpty() || text.endsWith("\n\n") ? "" : "\n") + section + "\n";
            Files.writeString(document, updated);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + document, e);
        }
    }

    void save(Path file) {
        Properties figures = new Properties();
        rows.forEach(row -> figures.setProperty(row.key(), String.valueOf(row.value())));
        try (Writer out = Files.newBufferedWriter(file)) {
            figures.store(out, "engram bench figures; compare a later run with --compare " + file.getFileName());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * The figures that regressed past {@code tolerance} (0.25 = 25 %) against {@code baseline}: throughput
     * below (1 - tolerance) of it, latency, memory or backlog above (1 + tolerance) of it.
     */
    List<String> regressions(Path baseline, double tolerance) {
        Properties previous = new Properties();
        try (Reader in = Files.newBufferedReader(baseline)) {
            previous.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read baseline " + baseline, e);
        }
        List<String> regressions = new ArrayList<>();
        for (Row row : rows) {
            String old = previous.getProperty(row.key());
            if (old == null || Double.isNaN(row.value())) {
                continue;
            }
            double before = Double.parseDouble(old);
            boolean worse = row.better() == Better.HIGHER ? row.value() < before * (1 - tolerance)
                    : row.value() > before * (1 + tolerance) && row.value() - before > 1;
            if (worse) {
                regressions.add(String.format(Locale.ROOT, "%s: %s now, %s in the baseline", row.label(),
                        format(row), format(new Row(row.key(), row.label(), before, row.unit(), row.better(), null, ""))));
            }
        }
        return regressions;
    }

    Map<String, Double> figures() {
        Map<String, Double> figures = new LinkedHashMap<>();
        rows.forEach(row -> figures.put(row.key(), row.value()));
        return figures;
    }

    private static String format(Row row) {
        if (Double.isNaN(row.value())) {
            return "n/a";
        }
        String number = row.value() >= 100 ? String.format(Locale.ROOT, "%,.0f", row.value())
                : String.format(Locale.ROOT, "%.1f", row.value());
        return number + " " + row.unit();
    }
}
