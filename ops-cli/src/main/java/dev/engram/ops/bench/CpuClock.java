package dev.engram.ops.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * CPU time used so far by this JVM (the dev stack, the broker and the bench's own load generator: one process) and
 * by a PostgreSQL server on this machine, read before and after a run so that each one's CPU per event is the
 * difference over the events. Wall-clock latency on two shared cores moves a lot from run to run; the CPU an event
 * costs moves far less, so it is the figure to optimise against.
 */
final class CpuClock {

    /** Hosts that name this machine: only there are the server's processes ours to read. */
    private static final Set<String> LOCAL_HOSTS = Set.of("127.0.0.1", "localhost", "::1");
    /** Linux reports process times in clock ticks of USER_HZ: 100 a second on x86-64 and arm64. */
    private static final long NANOS_PER_TICK = 10_000_000L;
    private static final Path PROC = Path.of("/proc");

    /**
     * One reading.
     *
     * @param jvmNanos CPU time of this JVM, user and system
     * @param postgresNanos CPU time of every {@code postgres} process, with what the postmaster has reaped of
     *     backends that ended; -1 when the server is not on this machine or there is no procfs
     */
    record Reading(long jvmNanos, long postgresNanos) {

        /** Milliseconds of CPU per event between {@code before} and this reading, as [JVM, Postgres] (NaN: unknown). */
        double[] millisPerEvent(Reading before, long events) {
            if (events <= 0) {
                return new double[] {Double.NaN, Double.NaN};
            }
            double jvm = (jvmNanos - before.jvmNanos) / 1e6 / events;
            double postgres = postgresNanos < 0 || before.postgresNanos < 0 ? Double.NaN
                    : (postgresNanos - before.postgresNanos) / 1e6 / events;
            return new double[] {jvm, postgres};
        }
    }

    private CpuClock() {
    }

    static Reading read(String databaseHost) {
        long jvm = ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        return new Reading(jvm, LOCAL_HOSTS.contains(databaseHost) ? postgresNanos() : -1);
    }

    /** The sum over {@code /proc/<pid>/stat} of every process named {@code postgres}; -1 without procfs. */
    private static long postgresNanos() {
        long ticks = 0;
        boolean found = false;
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, entry -> entry.getFileName().toString()
                .chars().allMatch(Character::isDigit))) {
            for (Path process : processes) {
                long used = postgresTicks(process.resolve("stat"));
                if (used >= 0) {
                    ticks += used;
                    found = true;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return found ? ticks * NANOS_PER_TICK : -1;
    }

    /**
     * utime + stime + cutime + cstime of one process when its name is {@code postgres} (a backend has no children;
     * the postmaster's reaped children are the backends that ended), else -1.
     */
    static long postgresTicks(Path stat) {
        try {
            String line = Files.readString(stat);
            int open = line.indexOf('(');
            int close = line.lastIndexOf(')');
            if (open < 0 || close < open || !line.substring(open + 1, close).equals("postgres")) {
                return -1;
            }
            // after the name: state is field 3, utime 14, stime 15, cutime 16, cstime 17
            List<String> fields = List.of(line.substring(close + 2).split(" "));
            return fields.subList(11, 15).stream().mapToLong(Long::parseLong).sum();
        } catch (IOException | RuntimeException e) {
            // the process ended between the listing and the read, or this is not Linux's format
            return -1;
        }
    }
}
