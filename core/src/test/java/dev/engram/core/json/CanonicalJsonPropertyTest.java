package dev.engram.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Canonical JSON is what idempotency keys and job ids are hashed over, so its text may never change: a stored
 * event's repeat would no longer find it, and a job would get a second id. Generated JSON (jqwik: strings of any
 * characters, control characters, quotes, backslashes, slashes, lone surrogates and line separators among them,
 * numbers of every kind, nested objects and arrays) is written exactly as the mapper-per-value implementation it
 * replaced wrote it, which is kept here as the reference.
 */
class CanonicalJsonPropertyTest {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Property(tries = 2000)
    void aTreeIsWrittenAsTheMapperWroteIt(@ForAll("trees") JsonNode tree) {
        assertThat(CanonicalJson.write(tree)).isEqualTo(Reference.write(tree));
    }

    @Property(tries = 2000)
    void aMapInOrderIsWrittenAsTheMapperWroteIt(@ForAll("identities") Map<String, Object> identity) {
        assertThat(CanonicalJson.writeInOrder(identity)).isEqualTo(Reference.writeInOrder(identity));
    }

    @Provide
    Arbitrary<JsonNode> trees() {
        return tree(3);
    }

    @Provide
    Arbitrary<Map<String, Object>> identities() {
        Arbitrary<Object> value = Arbitraries.oneOf(text().map(Object.class::cast),
                Arbitraries.integers().map(Object.class::cast), Arbitraries.longs().map(Object.class::cast),
                Arbitraries.of(true, false).map(Object.class::cast),
                tree(2).map(node -> (Object) CanonicalJson.write(node)));
        return Arbitraries.entries(text(), value).list().ofMaxSize(8).map(entries -> {
            Map<String, Object> map = new LinkedHashMap<>();
            entries.forEach(entry -> map.put(entry.getKey(), entry.getValue()));
            return map;
        });
    }

    /** Any characters, with the ones JSON escaping is about far more often than chance would give them. */
    private static Arbitrary<String> text() {
        Arbitrary<String> tricky = Arbitraries.of("\"", "\\", "/", "\u0000", "\u001f", "\n", "\r", "\t", "\b", "\f",
                "\u007f", "\u2028", "\u2029", "\uD800", "\uDFFF", "\uD83D\uDE00", "é", "<", ">", "&", "'", "\u00a0");
        Arbitrary<String> piece = Arbitraries.frequencyOf(Tuple.of(3, tricky),
                Tuple.of(2, Arbitraries.strings().ofMaxLength(6)),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(6)));
        return piece.list().ofMaxSize(6).map(pieces -> String.join("", pieces));
    }

    private static Arbitrary<JsonNode> tree(int depth) {
        Arbitrary<JsonNode> scalar = Arbitraries.oneOf(
                text().map(NODES::stringNode),
                Arbitraries.integers().map(NODES::numberNode),
                Arbitraries.longs().map(NODES::numberNode),
                Arbitraries.doubles().map(NODES::numberNode),
                Arbitraries.bigDecimals().map(NODES::numberNode),
                Arbitraries.of(BigDecimal.ZERO, new BigDecimal("1E+3"), new BigDecimal("-0.000"))
                        .map(NODES::numberNode),
                Arbitraries.of(true, false).map(NODES::booleanNode),
                Arbitraries.just(NODES.nullNode()));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<JsonNode> child = tree(depth - 1);
        Arbitrary<JsonNode> array = child.list().ofMaxSize(4).map(items -> {
            ArrayNode node = NODES.arrayNode();
            items.forEach(node::add);
            return node;
        });
        Arbitrary<JsonNode> object = Arbitraries.entries(text(), child).list().ofMaxSize(4).map(entries -> {
            ObjectNode node = NODES.objectNode();
            entries.forEach(entry -> node.set(entry.getKey(), entry.getValue()));
            return node;
        });
        return Arbitraries.frequencyOf(Tuple.of(3, scalar), Tuple.of(1, array), Tuple.of(1, object));
    }

    /** The implementation before 2026-12-06: the mapper writes every name and value. */
    private static final class Reference {

        static String write(JsonNode node) {
            StringBuilder out = new StringBuilder();
            append(node, out);
            return out.toString();
        }

        static String writeInOrder(Map<String, ?> values) {
            StringBuilder out = new StringBuilder("{");
            boolean first = true;
            for (Map.Entry<String, ?> entry : values.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                out.append(MAPPER.writeValueAsString(entry.getKey())).append(':')
                        .append(MAPPER.writeValueAsString(entry.getValue()));
            }
            return out.append('}').toString();
        }

        private static void append(JsonNode node, StringBuilder out) {
            if (node.isObject()) {
                List<String> names = new ArrayList<>(node.propertyNames());
                names.sort(null);
                out.append('{');
                for (int i = 0; i < names.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    out.append(MAPPER.writeValueAsString(names.get(i))).append(':');
                    append(node.get(names.get(i)), out);
                }
                out.append('}');
            } else if (node.isArray()) {
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    append(node.get(i), out);
                }
                out.append(']');
            } else {
                out.append(MAPPER.writeValueAsString(node));
            }
        }
    }
}
