package dev.engram.core.observation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ParsedSummaryTest {

    @Test
    void rendersOneLabelledLinePerFieldInContractOrder() {
        ParsedSummary summary = new ParsedSummary("Fix the cart", "Read Cart.java", "Discounts were skipped",
                "Edited Cart.java", "None recorded", "3 tool uses");

        assertThat(summary.content()).isEqualTo("""
                Request: Fix the cart
                Investigated: Read Cart.java
                Learned: Discounts were skipped
                Completed: Edited Cart.java
                Next steps: None recorded
                Notes: 3 tool uses""");
    }

    @Test
    void leavesOutBlankFields() {
        ParsedSummary summary = new ParsedSummary("Fix the cart", "", "  ", "Edited Cart.java", "", "");

        assertThat(summary.content()).isEqualTo("Request: Fix the cart\nCompleted: Edited Cart.java");
    }

    @Test
    void exposesMetadataUnderContractKeysInOrder() {
        ParsedSummary summary = new ParsedSummary("r", "i", "l", "c", "n", "o");

        assertThat(summary.metadata()).containsExactly(Map.entry("request", "r"), Map.entry("investigated", "i"),
                Map.entry("learned", "l"), Map.entry("completed", "c"), Map.entry("next_steps", "n"),
                Map.entry("notes", "o"));
    }

    @Test
    void isBlankOnlyWhenEveryFieldIs() {
        assertThat(new ParsedSummary("", " ", "", "\n", "", "").isBlank()).isTrue();
        assertThat(new ParsedSummary("", "", "", "", "", "n").isBlank()).isFalse();
    }
}
