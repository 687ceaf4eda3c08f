package dev.engram.processor;

import dev.engram.core.provider.ObservationProvider;

/**
 * A processor's {@link OfflineProvider} as the runtime runs it: named {@code rules} and {@linkplain #local() local},
 * so a job's claim, generation, results and completion are one transaction and no usage or budget is counted.
 */
record OfflineObservationProvider(OfflineProvider offline) implements ObservationProvider {

    @Override
    public String name() {
        return OfflineProvider.NAME;
    }

    @Override
    public String generate(String prompt) {
        return offline.answer(prompt);
    }

    @Override
    public boolean local() {
        return true;
    }
}
