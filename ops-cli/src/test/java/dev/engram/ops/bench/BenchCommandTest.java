package dev.engram.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.ops.EngramCommand;
import dev.engram.ops.testing.FreePorts;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code engram bench --quick}: every phase runs for real (pgbench, the dev stack twice, the open-loop client, the
 * three apps as processes of their own).
 */
class BenchCommandTest {

    @Test
    void aQuickRunMeasuresEveryFigureAndWritesTheTableAndTheBaseline(
            @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir) throws Exception {
        int[] ports = FreePorts.take(5);
        Path document = dir.resolve("benchmarks.md");
        Files.writeString(document, "# Benchmarks\n\nHand-written text stays.\n");
        Path figuresFile = dir.resolve("figures.properties");
        // what an earlier run's brokers left behind: each phase starts its broker empty
        List<Path> leftovers = List.of(dir.resolve("state/kafka-false/leftover"),
                dir.resolve("state/kafka-true/leftover"));
        for (Path leftover : leftovers) {
            Files.createDirectories(leftover.getParent());
            Files.writeString(leftover, "records of an interrupted run");
        }

        int exit = EngramCommand.commandLine().execute("bench", "--quick", "--port", String.valueOf(ports[0]),
                "--kafka-port", String.valueOf(ports[1]), "--kafka-controller-port", String.valueOf(ports[2]),
                "--generation-port", String.valueOf(ports[3]), "--summary-port", String.valueOf(ports[4]),
                // the exec jars the reactor packaged before this module's tests (surefire runs in ops-cli/)
                "--apps-dir", "..",
                "--state-dir", dir.resolve("state").toString(), "--db-name", "engram_it_bench",
                "--write", document.toString(), "--save", figuresFile.toString());

        assertThat(exit).isZero();
        assertThat(leftovers).allSatisfy(leftover -> assertThat(leftover).doesNotExist());
        Properties figures = new Properties();
        try (Reader in = Files.newBufferedReader(figuresFile)) {
            figures.load(in);
        }
        assertThat(number(figures, "pgbench.event.16")).isPositive();
        assertThat(number(figures, "pgbench.batch.16")).isPositive();
        assertThat(number(figures, "engram.event.16")).isPositive();
        assertThat(number(figures, "engram.event.16.p99")).isPositive();
        assertThat(number(figures, "engram.batch.16")).isPositive();
        // pgbench's batch again on the tables the ingest runs left
        assertThat(number(figures, "pgbench.batch.16.same")).isPositive();
        // (CI saw 0 here twice: the relay's producer stuck on a topic created a moment before, KAFKA-14359, fixed by
        // one request in flight; should it happen again, the stack's own warnings say why)
        assertThat(number(figures, "engram.relay")).as(() -> "engram.relay; the bench's table and notes:\n"
                + read(document) + "\nthe stack's warnings:\n" + warnings(dir)).isPositive();
        // 50 events/s for 3 s: every one of them became an observation, so the latency is a real figure.
        assertThat(number(figures, "pipeline.50.p50")).isPositive().isLessThan(number(figures, "pipeline.50.p99") + 1e-9);
        // ... and where that time went, from the rows' own timestamps: each stage takes some of it, none all of it
        for (String stage : new String[] {"relay", "claim", "observation"}) {
            assertThat(number(figures, "pipeline.50.stage." + stage + ".p50")).as(stage).isPositive()
                    .isLessThan(number(figures, "pipeline.50.p99") + 1e-9);
        }
        // the CPU each event cost, in this JVM and in the local Postgres: some, and less than a second of it
        assertThat(number(figures, "pipeline.50.cpu.jvm")).isPositive().isLessThan(1000);
        assertThat(number(figures, "pipeline.50.cpu.postgres")).isPositive().isLessThan(1000);
        assertThat(number(figures, "engram.dev.rss")).isPositive();
        // each app in a JVM of its own, read from /proc: a Spring Boot app holds well over 100 MB
        for (String app : new String[] {"ingest-api", "generation-processor", "summary-processor"}) {
            assertThat(number(figures, "apps." + app + ".rss")).as(app).isGreaterThan(100);
        }
        String written = Files.readString(document);
        assertThat(written).startsWith("# Benchmarks\n\nHand-written text stays.\n").contains(BenchReport.BEGIN)
                .contains("| Engram: single event, 16 connections |").contains(BenchReport.END)
                // every request was answered 2xx: the figures are of work done, not of errors
                .doesNotContain("failed or answered non-2xx");

        // Written again, the section is replaced, not appended.
        new BenchReport().writeInto(document, "### again");
        assertThat(Files.readString(document).split(java.util.regex.Pattern.quote(BenchReport.BEGIN), -1)).hasSize(2);
    }

    @Test
    void theGenerationPhaseMeasuresOneTwoAndThreeProcessorsAgainstAStubProvider(@TempDir Path dir) throws Exception {
        int[] ports = FreePorts.take(3);
        Path figuresFile = dir.resolve("figures.properties");

        int exit = EngramCommand.commandLine().execute("bench", "--quick", "--phases", "generation",
                "--provider-latency", "50", "--port", String.valueOf(ports[0]),
                "--kafka-port", String.valueOf(ports[1]), "--kafka-controller-port", String.valueOf(ports[2]),
                "--state-dir", dir.resolve("state").toString(), "--db-name", "engram_it_bench",
                "--save", figuresFile.toString());

        assertThat(exit).isZero();
        Properties figures = new Properties();
        try (Reader in = Files.newBufferedReader(figuresFile)) {
            figures.load(in);
        }
        // every job of each run completed against the stub (the figure is jobs over the time until none was left)
        assertThat(number(figures, "generation.1")).isPositive();
        assertThat(number(figures, "generation.2")).isPositive();
        assertThat(number(figures, "generation.3")).isPositive();
        assertThat(number(figures, "generation.rss")).isPositive();
    }

    @Test
    void theDatabaseIsNamedAsGivenAndANameThatCannotBeIsRefused(@TempDir Path dir) throws Exception {
        Path figuresFile = dir.resolve("figures.properties");
        int exit = EngramCommand.commandLine().execute("bench", "--quick", "--phases", "pgbench",
                "--state-dir", dir.resolve("state").toString(), "--db-name", "Engram_IT_Bench",
                "--save", figuresFile.toString());

        // unquoted, CREATE DATABASE made engram_it_bench_bench_pg and the connection to the name given failed
        assertThat(exit).isZero();
        Properties figures = new Properties();
        try (Reader in = Files.newBufferedReader(figuresFile)) {
            figures.load(in);
        }
        assertThat(number(figures, "pgbench.event.16")).isPositive();

        StringWriter err = new StringWriter();
        int refused = EngramCommand.commandLine().setErr(new PrintWriter(err)).execute("bench", "--quick",
                "--phases", "pgbench", "--state-dir", dir.resolve("state").toString(), "--db-name", "engram-it");
        assertThat(refused).isEqualTo(1);
        assertThat(err.toString()).startsWith("engram: --db-name: the bench's database would be 'engram-it_bench_pg'")
                .doesNotContain("at dev.engram");
    }

    /** The WARN and ERROR lines of the stacks' log, with what follows each (a stack trace), at most 200 lines. */
    private static String warnings(Path dir) {
        Path log = dir.resolve("state").resolve("logs").resolve("engram-dev.log");
        try (Stream<String> lines = Files.lines(log)) {
            List<String> kept = new ArrayList<>();
            boolean inWarning = false;
            for (String line : (Iterable<String>) lines::iterator) {
                boolean starts = line.matches("^\\d{4}-.*");
                if (starts) {
                    inWarning = line.contains(" WARN ") || line.contains(" ERROR ");
                }
                if (inWarning && kept.size() < 200) {
                    kept.add(line);
                }
            }
            return String.join("\n", kept);
        } catch (IOException | UncheckedIOException e) {
            return "(no log at " + log + ": " + e + ")";
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    private static double number(Properties figures, String key) {
        assertThat(figures.getProperty(key)).as(key).isNotNull();
        return Double.parseDouble(figures.getProperty(key));
    }
}
