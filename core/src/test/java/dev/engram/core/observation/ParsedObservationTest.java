package dev.engram.core.observation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParsedObservationTest {

    @Test
    void rendersTitleSubtitleNarrativeThenFactLines() {
        ParsedObservation observation = new ParsedObservation("progress", "Edited App.java", "Build fix",
                List.of("App.java now imports List", "mvn test passes"), "The import was missing.",
                List.of("java"), List.of(), List.of("App.java"));

        assertThat(observation.content()).isEqualTo("""
                Edited App.java

                Build fix

                The import was missing.

                - App.java now imports List
                - mvn test passes""");
    }

    @Test
    void leavesOutEmptyParts() {
        ParsedObservation observation = new ParsedObservation("discovery", "Read pom.xml", "", List.of(), "",
                List.of(), List.of("pom.xml"), List.of());

        assertThat(observation.content()).isEqualTo("Read pom.xml");
        assertThat(new ParsedObservation("discovery", "", "", List.of("only fact"), "Narrative.", List.of(), List.of(),
                List.of()).content()).isEqualTo("Narrative.\n\n- only fact");
    }

    @Test
    void exposesMetadataUnderContractKeysInOrder() {
        ParsedObservation observation = new ParsedObservation("blocker", "Tests fail", "mvn test",
                List.of("exit code 1"), "Two tests fail.", List.of("testing", "build"), List.of("pom.xml"),
                List.of("src/App.java"));

        assertThat(observation.metadata()).containsExactly(
                entry("type", "blocker"), entry("title", "Tests fail"), entry("subtitle", "mvn test"),
                entry("facts", List.of("exit code 1")), entry("narrative", "Two tests fail."),
                entry("concepts", List.of("testing", "build")), entry("files_read", List.of("pom.xml")),
                entry("files_modified", List.of("src/App.java")));
    }

    private static Map.Entry<String, Object> entry(String key, Object value) {
        return Map.entry(key, value);
    }
}
