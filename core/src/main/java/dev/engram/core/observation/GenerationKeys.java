package dev.engram.core.observation;

import dev.engram.core.key.Sha256;

/**
 * Generation keys make writing a job's observations idempotent: re-processing the same job yields the same
 * keys, and the unique index on them turns the second write into a no-op.
 */
public final class GenerationKeys {

    private GenerationKeys() {
    }

    /** {@code generation:v1:<jobId>:<index>:<sha256 of the trimmed content>}. */
    public static String generationKey(String jobId, int index, String content) {
        return "generation:v1:" + jobId + ":" + index + ":" + Sha256.hex(content.trim());
    }
}
