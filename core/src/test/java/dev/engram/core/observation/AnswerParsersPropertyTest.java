package dev.engram.core.observation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Generated provider answers (jqwik): whatever a model answers, the parsers either parse it or refuse it with
 * {@link AnswerParseException}, the one failure the processors classify (a retry, then failed for good); any other
 * exception would be an unexpected failure of the job. What they return holds no NUL character, which Postgres
 * could not store, and no external entity is ever resolved. The answers are assembled from the tags, entities and
 * fences real answers use, mixed with arbitrary text, plus wholly arbitrary strings.
 */
class AnswerParsersPropertyTest {

    private static final List<String> PIECES = List.of("<observation>", "</observation>", "<observation kind=\"x\">",
            "<type>", "</type>", "change", "discovery", "<title>", "</title>", "<subtitle>", "</subtitle>",
            "<narrative>", "</narrative>", "<facts>", "</facts>", "<fact>", "</fact>", "<concepts>", "<concept>",
            "</concept>", "</concepts>", "<files_read>", "</files_read>", "<files_modified>", "<file>", "</file>",
            "<skip_summary reason=\"nothing\"/>", "<skip_summary", "<summary>", "</summary>", "<request>",
            "</request>", "<investigated>", "<learned>", "</learned>", "<completed>", "<next_steps>",
            "</next_steps>", "<![CDATA[", "]]>", "&amp;", "&lt;", "&#0;", "&#x0;", "&#xD800;", "&#x110000;",
            "&#9999999;", "&#65;", "&#x1F600;", "\u0000", "\uD800", "```xml\n", "```", "\n", " ",
            "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>", "&e;");

    @Property(tries = 3000)
    void anObservationAnswerIsParsedOrRefusedAsAnAnswerParseException(@ForAll("answers") String answer) {
        ProviderAnswer parsed;
        try {
            parsed = ObservationXmlParser.parse(answer);
        } catch (AnswerParseException refused) {
            return;
        }
        assertThat(parsed.toString()).doesNotContain("\u0000").doesNotContain("root:x:0:0");
    }

    @Property(tries = 3000)
    void aSummaryAnswerIsParsedOrRefusedAsAnAnswerParseException(@ForAll("answers") String answer) {
        SummaryAnswer parsed;
        try {
            parsed = SummaryXmlParser.parseSummary(answer);
        } catch (AnswerParseException refused) {
            return;
        }
        assertThat(parsed.toString()).doesNotContain("\u0000").doesNotContain("root:x:0:0");
    }

    @Provide
    Arbitrary<String> answers() {
        Arbitrary<String> piece = Arbitraries.oneOf(Arbitraries.of(PIECES), Arbitraries.strings().ofMaxLength(12));
        Arbitrary<String> assembled = piece.list().ofMaxSize(60).map(pieces -> String.join("", pieces));
        return Arbitraries.frequencyOf(
                Tuple.of(4, assembled),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(400)));
    }
}
