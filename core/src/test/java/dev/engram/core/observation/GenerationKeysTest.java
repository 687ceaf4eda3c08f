package dev.engram.core.observation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.core.key.Sha256;
import org.junit.jupiter.api.Test;

class GenerationKeysTest {

    @Test
    void combinesJobIndexAndHashOfTrimmedContent() {
        String key = GenerationKeys.generationKey("evt_abc", 2, "  Edited App.java\n");

        assertThat(key).isEqualTo("generation:v1:evt_abc:2:" + Sha256.hex("Edited App.java"));
    }

    @Test
    void ignoresSurroundingWhitespaceButNotContent() {
        assertThat(GenerationKeys.generationKey("j", 0, "text"))
                .isEqualTo(GenerationKeys.generationKey("j", 0, "\ttext  "))
                .isNotEqualTo(GenerationKeys.generationKey("j", 0, "text!"))
                .isNotEqualTo(GenerationKeys.generationKey("j", 1, "text"))
                .isNotEqualTo(GenerationKeys.generationKey("k", 0, "text"));
    }

    @Test
    void hashesWithKnownSha256() {
        assertThat(GenerationKeys.generationKey("j", 0, "abc")).isEqualTo(
                "generation:v1:j:0:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
