package dev.engram.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuClockTest {

    @Test
    void aPostgresProcessCountsItsOwnAndItsReapedChildrensTicks(@TempDir Path dir) throws Exception {
        // the postmaster as /proc/<pid>/stat shows it: utime 2, stime 16, cutime 98647, cstime 4839
        Path stat = Files.writeString(dir.resolve("stat"), "28349 (postgres) S 1 28349 28349 0 -1 4194304 7226 634058 0"
                + " 154 2 16 98647 4839 20 0 1 0 83256 222445568 7422 18446744073709551615\n");

        assertThat(CpuClock.postgresTicks(stat)).isEqualTo(2 + 16 + 98647 + 4839);
    }

    @Test
    void otherProcessesAndUnreadableFilesCountNothing(@TempDir Path dir) throws Exception {
        // a name with a space and a parenthesis is still read up to the last ')'
        Path other = Files.writeString(dir.resolve("other"), "77 (java (x) y) S 1 77 77 0 -1 0 0 0 0 0 5 6 7 8 20 0\n");

        assertThat(CpuClock.postgresTicks(other)).isEqualTo(-1);
        assertThat(CpuClock.postgresTicks(dir.resolve("gone"))).isEqualTo(-1);
    }

    @Test
    void thisJvmHasUsedSomeCpuAndARemoteServerIsNotRead() {
        CpuClock.Reading reading = CpuClock.read("db.example.internal");

        assertThat(reading.jvmNanos()).isPositive();
        assertThat(reading.postgresNanos()).isEqualTo(-1);
        assertThat(reading.millisPerEvent(new CpuClock.Reading(0, -1), 10)[1]).isNaN();
    }
}
