package dev.engram.ingest.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.sessions.JqwikSession;

/** Values of a jqwik arbitrary drawn in a plain JUnit test (which runs in the Spring context jqwik cannot enter). */
final class Samples {

    private Samples() {
    }

    /** {@code count} values of {@code arbitrary}, the same ones for the same {@code random}'s seed. */
    static <T> List<T> of(Arbitrary<T> arbitrary, int count, Random random) {
        List<T> values = new ArrayList<>();
        // generators need a jqwik session outside a property
        JqwikSession.start();
        try {
            RandomGenerator<T> generator = arbitrary.generator(1000);
            for (int i = 0; i < count; i++) {
                values.add(generator.next(random).value());
            }
        } finally {
            JqwikSession.finish();
        }
        return values;
    }
}
