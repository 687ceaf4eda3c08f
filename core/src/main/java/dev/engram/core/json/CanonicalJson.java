package dev.engram.core.json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Canonical JSON text for hashing: no whitespace, object keys sorted (or, for {@link #writeInOrder},
 * in the map's own order), so equal values always hash equally.
 *
 * <p>Names and strings are quoted with Jackson's own escaping ({@link JsonStringEncoder}, the table its generator
 * uses) straight into the text; numbers are written by the mapper. Every ingested event is hashed this way, and a
 * mapper call per name and string (a generator, a writer and a buffer each time) was a tenth of the ingest path's
 * CPU.
 */
public final class CanonicalJson {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final JsonStringEncoder QUOTER = JsonStringEncoder.getInstance();

    private CanonicalJson() {
    }

    /** Writes a JSON tree with every object's keys sorted. */
    public static String write(JsonNode node) {
        StringBuilder out = new StringBuilder(256);
        append(node, out);
        return out.toString();
    }

    /** Writes a flat map of scalars in the map's iteration order (used where a key order is prescribed). */
    public static String writeInOrder(Map<String, ?> values) {
        StringBuilder out = new StringBuilder(256).append('{');
        boolean first = true;
        for (Map.Entry<String, ?> entry : values.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            quote(entry.getKey(), out);
            out.append(':');
            if (entry.getValue() instanceof CharSequence text) {
                quote(text, out);
            } else {
                out.append(MAPPER.writeValueAsString(entry.getValue()));
            }
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
                quote(names.get(i), out);
                out.append(':');
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
        } else if (node.isString()) {
            quote(node.stringValue(), out);
        } else if (node.isBoolean() || node.isNull()) {
            out.append(node.isNull() ? "null" : String.valueOf(node.booleanValue()));
        } else {
            out.append(MAPPER.writeValueAsString(node));
        }
    }

    private static void quote(CharSequence text, StringBuilder out) {
        out.append('"');
        QUOTER.quoteAsString(text, out);
        out.append('"');
    }
}
