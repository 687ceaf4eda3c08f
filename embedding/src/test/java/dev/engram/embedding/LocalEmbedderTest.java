package dev.engram.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The local model, run for real: meaning, not shared words, decides closeness. */
class LocalEmbedderTest {

    private static final Embedder EMBEDDER = new LocalEmbedder();

    @Test
    void textsOfOneMeaningAreCloserThanTextsSharingOnlyWords() {
        List<float[]> vectors = EMBEDDER.embed(List.of(
                "The HTTP client now waits longer between attempts after a server failure",
                "Exponential backoff for retried requests was capped at ten seconds",
                "The invoice total is rounded once at the end"));

        assertThat(cosine(vectors.get(0), vectors.get(1))).isGreaterThan(cosine(vectors.get(0), vectors.get(2)) + 0.1);
    }

    @Test
    void vectorsHaveTheModelsDimensionsAndUnitLength() {
        float[] vector = EMBEDDER.embed("retry");

        assertThat(vector).hasSize(LocalEmbedder.DIMENSIONS);
        assertThat(cosine(vector, vector)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(Embedder.literal(new float[] {0.5f, -1f})).isEqualTo("[0.5,-1.0]");
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
