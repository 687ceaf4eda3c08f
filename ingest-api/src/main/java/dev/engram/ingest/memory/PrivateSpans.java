package dev.engram.ingest.memory;

import dev.engram.core.privacy.PrivateContent;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Removes private spans from every string of a memory's metadata (keys included) before it is stored. */
final class PrivateSpans {

    private PrivateSpans() {
    }

    /** A copy of {@code node} without private spans; the input is left as it was. */
    static JsonNode strip(JsonNode node) {
        if (node.isString()) {
            return JsonNodeFactory.instance.stringNode(PrivateContent.strip(node.asString()));
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
