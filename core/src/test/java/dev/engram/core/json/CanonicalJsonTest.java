package dev.engram.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class CanonicalJsonTest {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private static String canonical(String json) {
        JsonNode node = MAPPER.readTree(json);
        return CanonicalJson.write(node);
    }

    @Test
    void writesTheSameTextWhateverTheKeyOrder() {
        assertThat(canonical("{\"b\": 2, \"a\": 1}")).isEqualTo(canonical("{\"a\":1,\"b\":2}")).isEqualTo("{\"a\":1,\"b\":2}");
    }

    @Test
    void sortsKeysInNestedObjectsAndKeepsArrayOrder() {
        assertThat(canonical("{\"z\": {\"y\": [3, {\"d\": null, \"c\": \"x\"}], \"x\": true}, \"a\": 1.5}"))
                .isEqualTo("{\"a\":1.5,\"z\":{\"x\":true,\"y\":[3,{\"c\":\"x\",\"d\":null}]}}");
    }

    @Test
    void keepsMapOrderWhenWritingInOrder() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("kind", "event");
        values.put("a", 1);
        values.put("quote", "say \"hi\"");

        assertThat(CanonicalJson.writeInOrder(values)).isEqualTo("{\"kind\":\"event\",\"a\":1,\"quote\":\"say \\\"hi\\\"\"}");
    }
}
