package dev.engram.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.ops.bench.BenchReport.Better;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchReportTest {

    @Test
    void aFigureThatFellBehindItsBaselinePastTheToleranceIsARegressionInItsOwnDirection(@TempDir Path dir) {
        BenchReport baseline = new BenchReport();
        baseline.add("rate", "ingest rate", 1000, "req/s", Better.HIGHER, null, "");
        baseline.add("latency", "p99", 40, "ms", Better.LOWER, null, "");
        baseline.add("steady", "relay", 500, "records/s", Better.HIGHER, null, "");
        Path saved = dir.resolve("baseline.properties");
        baseline.save(saved);

        BenchReport now = new BenchReport();
        now.add("rate", "ingest rate", 700, "req/s", Better.HIGHER, null, "");
        now.add("latency", "p99", 60, "ms", Better.LOWER, null, "");
        now.add("steady", "relay", 450, "records/s", Better.HIGHER, null, "");
        now.add("new", "a figure the baseline lacks", 1, "x", Better.HIGHER, null, "");

        assertThat(now.regressions(saved, 0.25)).containsExactly(
                "ingest rate: 700 req/s now, 1,000 req/s in the baseline",
                "p99: 60.0 ms now, 40.0 ms in the baseline");
        assertThat(now.regressions(saved, 0.6)).isEmpty();
    }

    @Test
    void ratiosNameTheirReference() {
        BenchReport report = new BenchReport();
        report.add("pg", "pgbench", 2000, "tx/s", Better.HIGHER, null, "");
        assertThat(report.ratio(1500, "pg", "pgbench")).isEqualTo("0.75× pgbench");
        assertThat(report.ratio(1500, "missing", "pgbench")).isNull();
    }

    @Test
    void theSectionGoesAtTheEndOfADocumentWithoutOne(@TempDir Path dir) throws Exception {
        Path document = dir.resolve("b.md");
        Files.writeString(document, "# B\n");
        BenchReport report = new BenchReport();
        report.add("pg", "pgbench", 2000, "tx/s", Better.HIGHER, null, "");
        report.writeInto(document, "### run");
        assertThat(Files.readString(document)).startsWith("# B\n\n" + BenchReport.BEGIN)
                .contains("| pgbench | 2,000 tx/s |  |  |").endsWith(BenchReport.END + "\n");
    }
}
