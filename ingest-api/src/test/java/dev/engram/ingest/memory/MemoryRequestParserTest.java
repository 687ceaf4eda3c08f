package dev.engram.ingest.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.engram.ingest.api.ApiException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Validation and private-span removal of a memory body, without HTTP (the test app's body limit is 64 KB). */
class MemoryRequestParserTest {

    private final MemoryRequestParser parser = new MemoryRequestParser(512);
    private final JsonMapper mapper = JsonMapper.builder().build();

    @Test
    void kindDefaultsToManualAndMetadataToAnEmptyObject() {
        NewMemory memory = parser.parse(json("{\"projectId\":\"p\",\"content\":\" note \"}"));

        assertThat(memory.kind()).isEqualTo("manual");
        assertThat(memory.content()).isEqualTo("note");
        assertThat(memory.metadata().isObject()).isTrue();
        assertThat(memory.metadata().isEmpty()).isTrue();
        assertThat(memory.serverSessionId()).isNull();
    }

    @Test
    void contentOver64KibIs400NamingTheFieldAndTheLimit() {
        String content = "x".repeat(64 * 1024 + 1);

        assertThatExceptionOfType(ApiException.ValidationFailed.class)
                .isThrownBy(() -> parser.parse(json("{\"projectId\":\"p\",\"content\":\"" + content + "\"}")))
                .satisfies(e -> {
                    assertThat(e.issues()).hasSize(1);
                    assertThat(e.issues().get(0).path()).containsExactly("content");
                    assertThat(e.issues().get(0).message()).contains("65536");
                });
    }

    @Test
    void contentOfExactly64KibIsAccepted() {
        String content = "x".repeat(64 * 1024);

        assertThat(parser.parse(json("{\"projectId\":\"p\",\"content\":\"" + content + "\"}")).content())
                .hasSize(64 * 1024);
    }

    @Test
    void invalidFieldsAreAllNamed() {
        assertThatExceptionOfType(ApiException.ValidationFailed.class)
                .isThrownBy(() -> parser.parse(json("""
                        {"content":"<private>only</private>","kind":"%s","serverSessionId":7,"metadata":[1]}"""
                        .formatted("k".repeat(65)))))
                .satisfies(e -> assertThat(e.issues()).extracting(issue -> issue.path().get(0))
                        .containsExactly("projectId", "content", "kind", "serverSessionId", "metadata"));
    }

    @Test
    void blankKindIs400() {
        assertThatExceptionOfType(ApiException.ValidationFailed.class)
                .isThrownBy(() -> parser.parse(json("{\"projectId\":\"p\",\"content\":\"c\",\"kind\":\" \"}")))
                .satisfies(e -> assertThat(e.issues().get(0).path()).containsExactly("kind"));
    }

    @Test
    void privateSpansAreRemovedFromEveryMetadataStringWithoutChangingTheRequest() {
        JsonNode body = json("""
                {"projectId":"p","content":"a<private>x</private>b",
                 "metadata":{"facts":["one<PRIVATE>x</PRIVATE>",{"deep":"<private>unterminated"}],"n":3}}""");

        NewMemory memory = parser.parse(body);

        assertThat(memory.content()).isEqualTo("ab");
        assertThat(memory.metadata().toString()).isEqualTo("{\"facts\":[\"one\",{\"deep\":\"\"}],\"n\":3}");
        assertThat(body.get("metadata").toString()).contains("<private>");
    }

    private JsonNode json(String text) {
        return mapper.readTree(text);
    }
}
