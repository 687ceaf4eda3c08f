package dev.engram.core.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class PrivateJsonTest {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    @Test
    void removesPrivateSpansFromEveryNestedStringAndKey() {
        JsonNode payload = MAPPER.readTree("""
                {"tool_input":{"command":"export TOKEN=<private>sk-123</private> && deploy"},
                 "list":["a<private>b</private>c", 7, true, null],
                 "<private>hidden-key</private>visible":"x"}""");

        JsonNode stripped = PrivateJson.strip(payload);

        assertThat(stripped.toString()).doesNotContain("sk-123").doesNotContain("hidden-key")
                .doesNotContain("<private>");
        assertThat(stripped.get("tool_input").get("command").asString()).isEqualTo("export TOKEN= && deploy");
        assertThat(stripped.get("list").get(0).asString()).isEqualTo("ac");
        assertThat(stripped.get("list").get(1).asInt()).isEqualTo(7);
        assertThat(stripped.has("visible")).isTrue();
    }

    @Test
    void leavesTheInputUntouched() {
        JsonNode payload = MAPPER.readTree("{\"a\":\"<private>x</private>\"}");

        PrivateJson.strip(payload);

        assertThat(payload.get("a").asString()).isEqualTo("<private>x</private>");
    }
}
