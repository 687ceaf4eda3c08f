package dev.engram.ops.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    long kilobytes = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    maxKilobytes.accumulateAndGet(kilobytes, Math::max);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Not Linux, or no procfs: the figure stays n/a.
        }
    }

    @Override
    public void close() {
        sample();
        timer.shutdownNow();
    }
}
