package dev.engram.core.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;

class ObservationXmlParserTest {

    private static List<ParsedObservation> observations(String answer) {
        ProviderAnswer parsed = ObservationXmlParser.parse(answer);
        assertThat(parsed).isInstanceOf(ProviderAnswer.Observations.class);
        return ((ProviderAnswer.Observations) parsed).observations();
    }

    @Test
    void readsEveryFieldOfABlock() {
        List<ParsedObservation> parsed = observations("""
                <observation>
                  <type>Progress</type>
                  <title>  Edited App.java </title>
                  <subtitle>Fixing the build</subtitle>
                  <facts>
                    <fact>Added import of java.util.List</fact>
                    <fact>mvn test passes</fact>
                  </facts>
                  <narrative>The build failed on a missing import.</narrative>
                  <concepts><concept>java</concept><concept>build</concept></concepts>
                  <files_read><file>pom.xml</file></files_read>
                  <files_modified><file>src/App.java</file><file>src/Other.java</file></files_modified>
                </observation>
                """);

        assertThat(parsed).containsExactly(new ParsedObservation("progress", "Edited App.java", "Fixing the build",
                List.of("Added import of java.util.List", "mvn test passes"), "The build failed on a missing import.",
                List.of("java", "build"), List.of("pom.xml"), List.of("src/App.java", "src/Other.java")));
    }

    @Test
    void aNulOrASurrogateReferenceStaysAsWrittenAndARawNulIsDropped() {
        List<ParsedObservation> parsed = observations(
                "<observation><type>discovery</type><title>a&#0;b&#xD800;c\u0000d&#65;</title></observation>");

        assertThat(parsed.get(0).title()).isEqualTo("a&#0;b&#xD800;cdA");
    }

    @Test
    void parsesEveryBlockWrappedInProse() {
        List<ParsedObservation> parsed = observations("""
                Sure! Here is what I found:

                ```xml
                <observation><type>discovery</type><title>First</title></observation>
                ```
                And also this one, which matters more:
                <observation>
                <type>decision</type><title>Second</title>
                </observation>
                Let me know if you need anything else.
                """);

        assertThat(parsed).extracting(ParsedObservation::type, ParsedObservation::title)
                .containsExactly(tuple("discovery", "First"),
                        tuple("decision", "Second"));
    }

    @Test
    void turnsMissingOptionalElementsIntoEmptyValues() {
        ParsedObservation parsed = observations("<observation><type>blocker</type><narrative>Stuck on auth.</narrative>"
                + "<subtitle/></observation>").get(0);

        assertThat(parsed).isEqualTo(new ParsedObservation("blocker", "", "", List.of(), "Stuck on auth.", List.of(),
                List.of(), List.of()));
    }

    @Test
    void unescapesEntitiesInValues() {
        ParsedObservation parsed = observations("<observation><type>discovery</type>"
                + "<title>if (a &lt; b &amp;&amp; c &gt; d)</title><subtitle>&quot;x&quot; &apos;y&apos; &amp;lt;</subtitle>"
                + "<facts><fact>&#65;&#x42;</fact></facts></observation>").get(0);

        assertThat(parsed.title()).isEqualTo("if (a < b && c > d)");
        assertThat(parsed.subtitle()).isEqualTo("\"x\" 'y' &lt;");
        assertThat(parsed.facts()).containsExactly("AB");
    }

    @Test
    void keepsFilesReadAndModifiedApart() {
        ParsedObservation parsed = observations("<observation><type>progress</type><title>t</title>"
                + "<files_modified><file>b.txt</file></files_modified><files_read><file>a.txt</file></files_read>"
                + "</observation>").get(0);

        assertThat(parsed.filesRead()).containsExactly("a.txt");
        assertThat(parsed.filesModified()).containsExactly("b.txt");
    }

    @Test
    void dropsBlocksWithoutTypeOrWithoutTitleAndNarrative() {
        List<ParsedObservation> parsed = observations("""
                <observation><title>no type</title></observation>
                <observation><type>  </type><title>blank type</title></observation>
                <observation><type>discovery</type><subtitle>only a subtitle</subtitle></observation>
                <observation><type>discovery</type><title>kept</title></observation>
                """);

        assertThat(parsed).extracting(ParsedObservation::title).containsExactly("kept");
    }

    @Test
    void acceptsAnyTypeWord() {
        assertThat(observations("<observation><type>Bugfix</type><title>t</title></observation>").get(0).type())
                .isEqualTo("bugfix");
    }

    @Test
    void readsSkipWithReason() {
        assertThat(ObservationXmlParser.parse("Nothing here. <skip_summary reason=\"only &quot;ls&quot; runs\"/>"))
                .isEqualTo(new ProviderAnswer.Skip("only \"ls\" runs"));
    }

    @Test
    void readsSkipWithoutReason() {
        assertThat(ObservationXmlParser.parse("<skip_summary/>")).isEqualTo(new ProviderAnswer.Skip(""));
        assertThat(ObservationXmlParser.parse("<skip_summary />")).isEqualTo(new ProviderAnswer.Skip(""));
    }

    @Test
    void prefersValidBlocksOverSkip() {
        ProviderAnswer parsed = ObservationXmlParser.parse(
                "<skip_summary reason=\"x\"/><observation><type>discovery</type><title>t</title></observation>");

        assertThat(parsed).isInstanceOf(ProviderAnswer.Observations.class);
    }

    @Test
    void skipsWhenEveryBlockIsInvalidButSkipIsPresent() {
        assertThat(ObservationXmlParser.parse("<observation><title>t</title></observation><skip_summary reason=\"r\"/>"))
                .isEqualTo(new ProviderAnswer.Skip("r"));
    }

    @Test
    void failsWhenAnswerHasNeitherBlockNorSkip() {
        assertThatThrownBy(() -> ObservationXmlParser.parse("I could not find anything interesting."))
                .isInstanceOf(AnswerParseException.class)
                .hasMessageContaining("<observation>").hasMessageContaining("<skip_summary/>");
    }

    @Test
    void failsNamingInvalidBlocksWhenNoneIsValid() {
        assertThatThrownBy(() -> ObservationXmlParser.parse("<observation><type>discovery</type></observation>"))
                .isInstanceOf(AnswerParseException.class)
                .hasMessageContaining("1 <observation> block")
                .hasMessageContaining("<title>");
    }
}
