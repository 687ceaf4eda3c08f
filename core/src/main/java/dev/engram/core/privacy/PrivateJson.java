package dev.engram.core.privacy;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Removes {@code <private>...</private>} spans from every string inside a JSON value (object keys
 * included), so that a payload is clean before it is stored, hashed or sent anywhere.
 */
public final class PrivateJson {

    private PrivateJson() {
    }

    /** A copy of {@code node} with private spans removed; the input is not modified. */
    public static JsonNode strip(JsonNode node) {
        if (node.isString()) {
            String text = node.asString();
            String stripped = PrivateContent.strip(text);
            return stripped.equals(text) ? node : JsonNodeFactory.instance.stringNode(stripped);
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode(node.size());
            node.forEach(item -> copy.add(strip(item)));
            return copy;
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                copy.set(PrivateContent.strip(field.getKey()), strip(field.getValue()));
            }
            return copy;
        }
        return node;
    }
}
