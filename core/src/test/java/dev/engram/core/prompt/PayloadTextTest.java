package dev.engram.core.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class PayloadTextTest {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    @Test
    void readsTheFirstNamedFieldThatHoldsText() {
        JsonNode node = MAPPER.readTree("{\"a\":\"  \",\"b\":\"  value \",\"c\":\"other\"}");

        assertThat(PayloadText.text(node, "missing", "a", "b", "c")).isEqualTo("value");
    }

    @Test
    void readsNumbersAndBooleansAsTextButNotObjectsOrNull() {
        JsonNode node = MAPPER.readTree("{\"n\":42,\"t\":true,\"o\":{\"x\":1},\"z\":null}");

        assertThat(PayloadText.text(node, "n")).isEqualTo("42");
        assertThat(PayloadText.text(node, "t")).isEqualTo("true");
        assertThat(PayloadText.text(node, "o", "z")).isEmpty();
        assertThat(PayloadText.text(MAPPER.getNodeFactory().stringNode("plain"), "any")).isEmpty();
    }

    @Test
    void keepsALeadingTerminalColourCodeWhole() {
        JsonNode node = MAPPER.createObjectNode().put("stdout", "\u001B[31mred\u001B[m\n");

        assertThat(PayloadText.text(node, "stdout")).isEqualTo("\u001B[31mred\u001B[m");
    }

    @Test
    void collapsesWhitespaceAndCutsWithAnEllipsis() {
        assertThat(PayloadText.oneLine("  fix\n\tthe   cart ", 20)).isEqualTo("fix the cart");
        assertThat(PayloadText.oneLine("abcdefghij", 10)).isEqualTo("abcdefghij");
        assertThat(PayloadText.oneLine("abcde fghijk", 10)).isEqualTo("abcde fgh…");
        assertThat(PayloadText.oneLine("abcd    efghijk", 6)).isEqualTo("abcd…");
    }

    @Test
    void countsLines() {
        assertThat(PayloadText.lineCount("")).isZero();
        assertThat(PayloadText.lineCount("one")).isOne();
        assertThat(PayloadText.lineCount("one\ntwo\n")).isEqualTo(2);
    }

    @Test
    void showsAPathRelativeToTheWorkingDirectoryOnlyWhenInsideIt() {
        assertThat(PayloadText.relative("/home/dev/shop/src/Cart.java", "/home/dev/shop")).isEqualTo("src/Cart.java");
        assertThat(PayloadText.relative("/home/dev/shop/src/Cart.java", "/home/dev/shop/"))
                .isEqualTo("src/Cart.java");
        assertThat(PayloadText.relative("/home/dev/shopping/a.txt", "/home/dev/shop"))
                .isEqualTo("/home/dev/shopping/a.txt");
        assertThat(PayloadText.relative("/home/dev/shop/", "/home/dev/shop")).isEqualTo("/home/dev/shop/");
        assertThat(PayloadText.relative("/etc/hosts", "")).isEqualTo("/etc/hosts");
    }
}
