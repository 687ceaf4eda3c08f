package dev.engram.embedding;

import java.util.List;

/**
 * Turns texts into unit-length vectors whose cosine distance reflects how close their meanings are.
 * Implementations are thread-safe.
 */
public interface Embedder {

    /** The model's name, as stored beside what it computed. */
    String model();

    int dimensions();

    /** One vector per text, in order. */
    List<float[]> embed(List<String> texts);

    default float[] embed(String text) {
        return embed(List.of(text)).get(0);
    }

    /** A vector as pgvector's text form, {@code [0.1,0.2,...]}, for a {@code ::vector} cast. */
    static String literal(float[] vector) {
        StringBuilder text = new StringBuilder(vector.length * 10).append('[');
        for (int i = 0; i < vector.length; i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(vector[i]);
        }
        return text.append(']').toString();
    }
}
