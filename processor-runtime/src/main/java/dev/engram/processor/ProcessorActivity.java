package dev.engram.processor;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether this processor is busy with jobs, so that background work (the embedding backfill) runs in the
 * gaps and never takes the cores a job is waiting for: on a shared machine one embedding batch costs more CPU
 * than hundreds of jobs.
 */
final class ProcessorActivity {

    private final AtomicInteger running = new AtomicInteger();
    private volatile long lastEnded = System.nanoTime();

    void started() {
        running.incrementAndGet();
    }

    void ended() {
        lastEnded = System.nanoTime();
        running.decrementAndGet();
    }

    /** How long no job has run; zero while one does. */
    Duration idleFor() {
        return running.get() > 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - lastEnded);
    }
}
