package dev.engram.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.core.testing.TestTenant;
import dev.engram.ingest.IngestApiTest;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.core.StreamWriteConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generated bodies on every route that reads JSON (jqwik's generators, a fixed seed): a valid body of the route with
 * one field replaced by a generated value of any JSON type (odd Unicode, huge numbers, deep nesting, long strings),
 * removed, or joined by an unknown one. Whatever comes out, the answer is a 2xx or a 4xx problem detail, never a 5xx
 * or a stack trace. {@link BadInputCorpusTest} sends the classes of bodies that are wrong as a whole.
 */
class GeneratedBodiesTest extends IngestApiTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Writes the 2,000-level bodies the generator makes; the server reads them under its own limits. */
    private static final JsonMapper JSON = JsonMapper.builder(JsonFactory.builder()
            .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(5_000).build()).build()).build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final long SEED = 20261202L;
    private static final int BODIES_PER_ROUTE = 80;

    @LocalServerPort
    int port;

    @Test
    void generatedBodiesOnEveryJsonRouteAreA2xxOrA4xxProblemDetail() throws Exception {
        TestTenant tenant = newTenant();
        String key = tenant.newKey(tenant.projectId(), List.of("memories:read", "memories:write"));
        Random random = new Random(SEED);
        List<JsonNode> values = Samples.of(jsonValues(), 500, random);
        List<String> wrong = new ArrayList<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (Map.Entry<String, String> route : validBodies(tenant.projectId()).entrySet()) {
            for (int i = 0; i < BODIES_PER_ROUTE; i++) {
                JsonNode body = JSON.readTree(route.getValue());
                ObjectNode target = body instanceof ArrayNode array ? (ObjectNode) array.get(0) : (ObjectNode) body;
                String change = mutate(target, random, values);
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + route.getKey() + "?generate=false"))
                        .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                        HttpResponse.BodyHandlers.ofString());
                statuses.merge(response.statusCode(), 1, Integer::sum);
                if (response.statusCode() >= 300) {
                    String problem = ProblemAnswers.problemOf(response);
                    if (problem != null) {
                        wrong.add(route.getKey() + " with " + change + ": " + problem);
                    }
                }
            }
        }
        assertThat(wrong).as("answers that are neither a 2xx nor a 4xx problem detail").isEmpty();
        assertThat(statuses).as("answers by status").containsKey(400)
                .matches(s -> s.keySet().stream().anyMatch(status -> status >= 200 && status < 300), "some 2xx");
    }

    /** Changes one field of {@code body} (or of an object inside it); returns what it did, for the failure message. */
    private static String mutate(ObjectNode body, Random random, List<JsonNode> values) {
        List<ObjectNode> objects = new ArrayList<>(List.of(body));
        body.properties().forEach(e -> {
            if (e.getValue() instanceof ObjectNode nested) {
                objects.add(nested);
            }
        });
        ObjectNode where = objects.get(random.nextInt(objects.size()));
        List<String> names = new ArrayList<>(where.propertyNames());
        JsonNode value = values.get(random.nextInt(values.size()));
        int kind = names.isEmpty() ? 2 : random.nextInt(4);
        String name = names.isEmpty() ? "field" : names.get(random.nextInt(names.size()));
        switch (kind) {
            case 0, 1 -> {
                where.set(name, value);
                return name + " = " + ProblemAnswers.abbreviate(JSON.writeValueAsString(value));
            }
            case 2 -> {
                where.set("unexpected" + random.nextInt(100), value);
                return "an unknown field = " + ProblemAnswers.abbreviate(JSON.writeValueAsString(value));
            }
            default -> {
                where.remove(name);
                return "no " + name;
            }
        }
    }

    /** One valid body per route that reads JSON (the batch route's list is changed in its first event). */
    private static Map<String, String> validBodies(String projectId) {
        String event = toolUse(projectId, "generated");
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("/v1/events", event);
        bodies.put("/v1/events/batch", "[" + event + "," + toolUse(projectId, "second") + "]");
        bodies.put("/v1/sessions/start", "{\"projectId\":\"" + projectId + "\",\"externalSessionId\":\"gen\"}");
        bodies.put("/v1/memories", "{\"projectId\":\"" + projectId + "\",\"content\":\"a decision worth keeping\"}");
        bodies.put("/v1/search", "{\"projectId\":\"" + projectId + "\",\"query\":\"retry\",\"limit\":5}");
        bodies.put("/v1/context", "{\"projectId\":\"" + projectId + "\",\"query\":\"retry\"}");
        bodies.put("/api/sessions/observations", """
                {"contentSessionId":"gen-legacy","tool_name":"Read","tool_input":{"file_path":"a.java"},
                 "tool_response":"ok"}""");
        bodies.put("/api/sessions/summarize", "{\"contentSessionId\":\"gen-legacy\",\"last_assistant_message\":\"done\"}");
        return bodies;
    }

    /** JSON values of every type, the awkward ones often: a field's value can be any of them. */
    private static Arbitrary<JsonNode> jsonValues() {
        Arbitrary<JsonNode> strings = Arbitraries.strings().withCharRange('\u0001', '\uFFFF').ofMaxLength(300)
                .map(NODES::stringNode);
        Arbitrary<JsonNode> longStrings = Arbitraries.strings().alpha().ofMinLength(5_000).ofMaxLength(20_000)
                .map(NODES::stringNode);
        Arbitrary<JsonNode> numbers = Arbitraries.oneOf(Arbitraries.longs().map(NODES::numberNode),
                Arbitraries.doubles().map(NODES::numberNode),
                Arbitraries.of("1e400", "-1e400", "123456789012345678901234567890", "0.000000000000000000001")
                        .map(text -> NODES.numberNode(new BigDecimal(text))));
        Arbitrary<JsonNode> constants = Arbitraries.of(NODES.nullNode(), NODES.booleanNode(true),
                NODES.booleanNode(false), NODES.stringNode(""), NODES.stringNode("' OR 1=1 --"),
                NODES.stringNode("<x>&e;</x>"), NODES.arrayNode(), NODES.objectNode());
        Arbitrary<JsonNode> arrays = Arbitraries.strings().ofMaxLength(20).list().ofMaxSize(20).map(list -> {
            ArrayNode array = NODES.arrayNode();
            list.forEach(array::add);
            return array;
        });
        Arbitrary<JsonNode> nested = Arbitraries.integers().between(1, 2_000).map(depth -> {
            JsonNode node = NODES.stringNode("deep");
            for (int d = 0; d < depth; d++) {
                node = NODES.objectNode().set("a", node);
            }
            return node;
        });
        return Arbitraries.oneOf(strings, longStrings, numbers, constants, arrays, nested);
    }
}
