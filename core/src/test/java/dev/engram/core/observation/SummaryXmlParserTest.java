package dev.engram.core.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SummaryXmlParserTest {

    private static ParsedSummary summary(String answer) {
        SummaryAnswer parsed = SummaryXmlParser.parseSummary(answer);
        assertThat(parsed).isInstanceOf(SummaryAnswer.Summary.class);
        return ((SummaryAnswer.Summary) parsed).summary();
    }

    @Test
    void readsEveryFieldOfTheBlock() {
        ParsedSummary parsed = summary("""
                <summary>
                  <request>  Make discounts apply </request>
                  <investigated>Read Cart.java</investigated>
                  <learned>The total skipped discounts above ten items</learned>
                  <completed>Edited Cart.java; mvn test passes</completed>
                  <next_steps>None recorded</next_steps>
                  <notes>4 tool uses</notes>
                </summary>
                """);

        assertThat(parsed).isEqualTo(new ParsedSummary("Make discounts apply", "Read Cart.java",
                "The total skipped discounts above ten items", "Edited Cart.java; mvn test passes", "None recorded",
                "4 tool uses"));
    }

    @Test
    void findsTheBlockInProseAndFencesAndIgnoresCase() {
        ParsedSummary parsed = summary("""
                Here is the summary you asked for:
                ```xml
                <Summary type="session"><REQUEST>Fix the build</REQUEST><notes/></Summary>
                ```
                Hope this helps.""");

        assertThat(parsed).isEqualTo(new ParsedSummary("Fix the build", "", "", "", "", ""));
    }

    @Test
    void unescapesEntitiesAndUnwrapsCdata() {
        ParsedSummary parsed = summary("<summary><request>if (a &lt; b &amp;&amp; c &gt; d)</request>"
                + "<notes><![CDATA[<raw> & text]]></notes></summary>");

        assertThat(parsed.request()).isEqualTo("if (a < b && c > d)");
        assertThat(parsed.notes()).isEqualTo("<raw> & text");
    }

    @Test
    void takesTheFirstBlockWithAnyText() {
        ParsedSummary parsed = summary("<summary><request> </request></summary>"
                + "<summary><learned>second</learned></summary><summary><learned>third</learned></summary>");

        assertThat(parsed.learned()).isEqualTo("second");
    }

    @Test
    void readsASkipWithItsReason() {
        assertThat(SummaryXmlParser.parseSummary("<skip_summary reason=\"only greetings\"/>"))
                .isEqualTo(new SummaryAnswer.Skip("only greetings"));
        assertThat(SummaryXmlParser.parseSummary("Nothing here. <skip_summary/>")).isEqualTo(new SummaryAnswer.Skip(""));
    }

    @Test
    void prefersASummaryOverASkipInTheSameAnswer() {
        assertThat(SummaryXmlParser.parseSummary("<skip_summary reason=\"x\"/><summary><request>r</request></summary>"))
                .isInstanceOf(SummaryAnswer.Summary.class);
    }

    @Test
    void doesNotMistakeASkipForASummaryBlock() {
        assertThat(SummaryXmlParser.parseSummary("<skip_summary reason=\"x\"></skip_summary>"))
                .isEqualTo(new SummaryAnswer.Skip("x"));
    }

    @Test
    void failsOnBlocksWithoutAnyText() {
        assertThatThrownBy(() -> SummaryXmlParser.parseSummary("<summary><request></request><notes> </notes></summary>"))
                .isInstanceOf(AnswerParseException.class).hasMessageContaining("1 <summary> block(s)");
    }

    @Test
    void failsOnAnswersWithNeitherSummaryNorSkip() {
        assertThatThrownBy(() -> SummaryXmlParser.parseSummary("I am sorry, I cannot help with that."))
                .isInstanceOf(AnswerParseException.class).hasMessageContaining("neither");
        assertThatThrownBy(() -> SummaryXmlParser.parseSummary("<observation><type>discovery</type>"
                + "<title>t</title></observation>")).isInstanceOf(AnswerParseException.class);
    }
}
