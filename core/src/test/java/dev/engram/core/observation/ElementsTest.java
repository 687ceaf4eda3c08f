package dev.engram.core.observation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * {@link Elements} finds what the regular expression the parsers used before it finds, element for element, in
 * generated answers: tags in any case, with attributes, whitespace before the closing {@code >}, nested and
 * unclosed, names that start another name ({@code <fact>} in {@code <facts>}), and characters whose Unicode case
 * folds onto an ASCII letter (the long s, the dotted capital and the dotless small i), which the pattern,
 * case-insensitive in ASCII only, does not take for one.
 */
class ElementsTest {

    private static final List<String> NAMES = List.of("observation", "type", "fact", "facts", "file", "files_read",
            "summary", "next_steps");

    private static final List<String> PIECES = List.of("<", ">", "</", "/>", "<fact>", "</fact>", "<facts>",
            "</facts >", "<FACT>", "</Fact\n>", "<fact a=\"1\">", "<fact\tb>", "<fact/>", "<facts", "</facts",
            "<observation>", "</observation>", "<Observation kind=\"x\">", "</OBSERVATION\r\n>", "<type>", "</type>",
            "<TYPE >", "</type\u000B>", "<file>", "</file>", "<files_read>", "</files_read>", "<summary>",
            "</summary>", "<next_steps>", "</next_steps  >", "<ſummary>", "</ſummary>", "<f\u0130le>", "</f\u0131le>",
            "<f\u0131les_read>", "\uD83D\uDE00", "\uD800", " ", "\n", "\u00A0", "x", "<!", "]]>");

    @Property(tries = 5000)
    void findsWhatThePatternFinds(@ForAll("texts") String text) {
        for (String name : NAMES) {
            assertThat(all(text, name)).as("<%s> in %s", name, text).isEqualTo(allByPattern(text, name));
        }
    }

    @Example
    void findsTheFirstElementAndItsNearestClosingTag() {
        String text = "prose <Fact kind=\"a\">one</fact > <fact>two</FACT>";

        Elements.Found first = Elements.find(text, "fact", 0);

        assertThat(first).isNotNull();
        assertThat(first.content(text)).isEqualTo("one");
        assertThat(Elements.find(text, "fact", first.end()).content(text)).isEqualTo("two");
        assertThat(Elements.find(text, "facts", 0)).isNull();
    }

    @Example
    void anOpeningTagWithoutAClosingOneIsNoElement() {
        assertThat(Elements.find("<type>change", "type", 0)).isNull();
        assertThat(Elements.find("<type/> <type>x</type>", "type", 0).content("<type/> <type>x</type>"))
                .isEqualTo("x");
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> piece = Arbitraries.oneOf(Arbitraries.of(PIECES), Arbitraries.strings().ofMaxLength(6));
        Arbitrary<String> assembled = piece.list().ofMaxSize(40).map(pieces -> String.join("", pieces));
        return Arbitraries.frequencyOf(Tuple.of(5, assembled), Tuple.of(1, Arbitraries.strings().ofMaxLength(200)));
    }

    /** Every element {@link Elements} finds, one after another, as "start..end:content". */
    private static List<String> all(String text, String name) {
        List<String> found = new ArrayList<>();
        for (Elements.Found element = Elements.find(text, name, 0); element != null;
                element = Elements.find(text, name, element.end())) {
            found.add(element.contentStart() + ".." + element.end() + ":" + element.content(text));
        }
        return found;
    }

    /** The pattern the parsers searched each element with before {@link Elements}: the reference it is held to. */
    static Pattern formerPattern(String name) {
        return Pattern.compile("<" + name + "(?:\\s[^>]*)?>(.*?)</" + name + "\\s*>",
                Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    }

    /** The same with {@link #formerPattern}. */
    private static List<String> allByPattern(String text, String name) {
        List<String> found = new ArrayList<>();
        Matcher matcher = formerPattern(name).matcher(text);
        while (matcher.find()) {
            found.add(matcher.start(1) + ".." + matcher.end() + ":" + matcher.group(1));
        }
        return found;
    }
}
