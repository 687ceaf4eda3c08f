package dev.engram.ops.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The largest resident set of this JVM seen while it runs (Linux {@code /proc/self/status}, every 500 ms):
 * the bench runs the dev stack in its own JVM, so this is the stack's memory plus the bench's small share.
 */
final class MemorySampler implements AutoCloseable {

    private static final Path STATUS = Path.of("/proc/self/status");

    private final AtomicLong maxKilobytes = new AtomicLong();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "engram-bench-memory");
        thread.setDaemon(true);
        return thread;
    });

    MemorySampler() {
        timer.scheduleAtFixedRate(this::sample, 0, 500, TimeUnit.MILLISECONDS);
    }

    double maxMegabytes() {
        sample();
        long kilobytes = maxKilobytes.get();
        return kilobytes == 0 ? Double.NaN : kilobytes / 1024.0;
    }

    private void sample() {
        // not Linux, or no procfs: the figure stays n/a
        kilobytes(STATUS, "VmRSS").ifPresent(kilobytes -> maxKilobytes.accumulateAndGet(kilobytes, Math::max));
    }

    /**
     * One memory figure, in kB, of a process's {@code /proc/<pid>/status} ({@code VmRSS}, {@code VmHWM}, ...); empty
     * where there is no procfs or the process is gone.
     */
    static OptionalLong kilobytes(Path status, String field) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith(field + ":")) {
                    return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or the process has exited
        }
        return OptionalLong.empty();
    }

    @Override
    public void close() {
        sample();
        timer.shutdownNow();
    }
}
