package dev.engram.core.testing;

import java.time.Duration;
import java.util.UUID;

/** Waiting for the wall clock itself, for tests of ids that carry it. */
public final class Clocks {

    private Clocks() {
    }

    /** The Unix milliseconds at the front of a version 7 UUID. */
    public static long millisOf(UUID timeOrdered) {
        return timeOrdered.getMostSignificantBits() >>> 16;
    }

    /** Returns once this machine's clock reads a millisecond later than {@code millis}; fails after a second. */
    public static void awaitMillisecondAfter(long millis) {
        long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        while (System.currentTimeMillis() <= millis) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the clock did not pass " + millis + " within a second");
            }
            Thread.onSpinWait();
        }
    }
}
