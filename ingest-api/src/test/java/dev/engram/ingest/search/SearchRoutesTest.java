package dev.engram.ingest.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.core.testing.TestTenant;
import dev.engram.ingest.IngestApiTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** {@code POST /v1/search} over a realistic fixture in several projects and two teams. */
class SearchRoutesTest extends IngestApiTest {

    static TestTenant tenant;
    static String sibling;
    static String third;
    static TestTenant otherTeam;
    static List<String> sessions;

    @BeforeAll
    static void fixture() {
        tenant = newTenant();
        sibling = tenant.addProject();
        third = tenant.addProject();
        otherTeam = newTenant();
        sessions = MemoryFixture.write(tenant, tenant.projectId());
        MemoryFixture.write(tenant, sibling);
        MemoryFixture.write(tenant, third);
        MemoryFixture.write(otherTeam, otherTeam.projectId());
    }

    @Test
    void byDefaultEveryWordMustBeThereReadAsClaudeMemReadsThem() {
        String project = tenant.projectId();
        JsonNode both = ok(search(tenant.apiKey(), """
                {"projectId":"%s","query":"retry backoff","limit":100,"mode":"fulltext"}""".formatted(project)));
        List<String> question = contents(ok(search(tenant.apiKey(), """
                {"projectId":"%s","query":"what did we decide about the retry backoff?","mode":"fulltext"}""".formatted(project))));
        List<String> phrase = contents(ok(search(tenant.apiKey(), """
                {"projectId":"%s","query":"\\"exponential backoff\\"","limit":100,"mode":"fulltext"}""".formatted(project))));
        List<String> reversed = contents(ok(search(tenant.apiKey(), """
                {"projectId":"%s","query":"\\"backoff exponential\\"","limit":100,"mode":"fulltext"}""".formatted(project))));
        List<String> either = contents(ok(search(tenant.apiKey(), """
                {"projectId":"%s","query":"emoji or kubernetes","limit":100,"mode":"fulltext"}""".formatted(project))));
        List<String> without = contents(ok(search(tenant.apiKey(), """
                {"projectId":"%s","query":"invoice -completed","limit":100,"mode":"fulltext"}""".formatted(project))));

        // the retry topic's eight observations and its session's summary hold both words
        assertThat(contents(both)).hasSize(9).allMatch(c -> c.contains("retried") || c.contains("retry"))
                .allMatch(c -> c.contains("backoff"));
        assertThat(both.get("match").asString()).isEqualTo("all");
        // no observation says "decide": a natural question needs match "any", or meaning (hybrid, the default)
        assertThat(question).isEmpty();
        assertThat(phrase).hasSize(9).allMatch(c -> c.contains("exponential backoff"));
        assertThat(reversed).isEmpty();
        assertThat(either).hasSize(18).allMatch(c -> c.contains("emoji") || c.contains("Kubernetes"))
                .anyMatch(c -> c.contains("emoji")).anyMatch(c -> c.contains("Kubernetes"));
        assertThat(without).isNotEmpty().allMatch(c -> c.toLowerCase(java.util.Locale.ROOT).contains("invoice"))
                .noneMatch(c -> c.contains("Completed"));
    }

    @Test
    void withMatchAnyANaturalQuestionFindsWhatSharesAnyOfItsWordsBestFirst() {
        JsonNode answer = search(tenant.apiKey(), """
                {"projectId":"%s","query":"what did we decide about the retry backoff?","mode":"fulltext","match":"any"}"""
                .formatted(tenant.projectId()))
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();

        List<String> contents = contents(answer);
        assertThat(contents).isNotEmpty().hasSizeLessThanOrEqualTo(20);
        assertThat(contents.get(0)).contains("retr").contains("backoff");
        assertThat(contents.subList(0, 8)).allMatch(c -> c.contains("backoff"));
        assertThat(answer.get("mode").asString()).isEqualTo("fulltext");
        assertThat(answer.get("match").asString()).isEqualTo("any");
        assertThat(answer.has("notice")).isFalse();
    }

    @Test
    void wordsAreStemmedAndStopWordsDoNotMatchEverything() {
        List<String> verified = contents(ok(search(tenant.apiKey(), """
                {"projectId":"%s","query":"verifying the expiring tokens","limit":100,"mode":"fulltext"}""".formatted(tenant.projectId()))));
        List<String> onlyStopWords = contents(ok(search(tenant.apiKey(), """
                {"projectId":"%s","query":"the of and is","mode":"fulltext"}""".formatted(tenant.projectId()))));

        assertThat(verified).isNotEmpty().allMatch(c -> c.contains("verif") || c.contains("token") || c.contains("expir"));
        assertThat(verified).anyMatch(c -> c.contains("JWT"));
        assertThat(onlyStopWords).isEmpty();
    }

    @Test
    void filtersByTypeKindFileSessionAndPlatform() {
        String project = tenant.projectId();
        assertThat(observations(ok(search(tenant.apiKey(), """
                {"projectId":"%s","query":"invoice rounding","types":["blocker"],"limit":100,"mode":"fulltext"}""".formatted(project)))))
                .isNotEmpty().allMatch(o -> o.get("kind").asString().equals("blocker"));
        assertThat(observations(ok(search(tenant.apiKey(), """
                {"projectId":"%s","query":"invoice rounding","kinds":["summary"],"mode":"fulltext"}""".formatted(project)))))
                .singleElement().satisfies(o -> assertThat(o.get("kind").asString()).isEqualTo("summary"));
        assertThat(observations(ok(search(tenant.apiKey(), """
                {"projectId":"%s","query":"invoices truth","kinds":["memory"],"mode":"fulltext"}""".formatted(project)))))
                .singleElement().satisfies(o -> assertThat(o.get("generationKey").isNull()).isTrue());
        assertThat(contents(ok(search(tenant.apiKey(), """
                {"projectId":"%s","query":"fixed probe index backoff rounding","file":"values.yaml","limit":100,"mode":"fulltext",\
                "match":"any"}"""
                .formatted(project))))).hasSize(8).allMatch(c -> c.contains("[deploy]"));
        assertThat(observations(ok(search(tenant.apiKey(), """
                {"projectId":"%s","query":"backoff emoji","sessionId":"%s","limit":100,"mode":"fulltext","match":"any"}"""
                .formatted(project, sessions.get(3)))))).isNotEmpty()
                .allMatch(o -> o.get("serverSessionId").asString().equals(sessions.get(3)));
        assertThat(contents(ok(search(tenant.apiKey(), """
                {"projectId":"%s","query":"backoff emoji","platformSource":"OpenCode","limit":100,"mode":"fulltext",\
                "match":"any"}"""
                .formatted(project))))).isNotEmpty().allMatch(c -> c.contains("emoji"));
    }

    @Test
    void everyFilterAppliesWhateverTheRanking() {
        String project = tenant.projectId();
        // the billing topic's own sentence: its words and its meaning find rows whichever way a search ranks
        String question = MemoryFixture.TOPICS[1][2];
        // the fixture's rows of topic t were written (10 t + i) minutes ago: this window holds billing's
        long now = System.currentTimeMillis();
        long since = now - 19 * 60_000L;
        long until = now - 5 * 60_000L;
        for (String mode : List.of("fulltext", "semantic", "hybrid")) {
            String common = """
                    "projectId":"%s","query":"%s","mode":"%s","match":"any","limit":100"""
                    .formatted(project, question, mode);
            assertThat(observations(ok(search(tenant.apiKey(), "{" + common + ",\"types\":[\"decision\"]}"))))
                    .as(mode).isNotEmpty().allMatch(o -> o.get("kind").asString().equals("decision"));
            assertThat(observations(ok(search(tenant.apiKey(), "{" + common + ",\"kinds\":[\"summary\"]}"))))
                    .as(mode).isNotEmpty().allMatch(o -> o.get("kind").asString().equals("summary"));
            assertThat(observations(ok(search(tenant.apiKey(), "{" + common + ",\"sessionId\":\"" + sessions.get(1)
                    + "\"}")))).as(mode).isNotEmpty()
                    .allMatch(o -> o.get("serverSessionId").asString().equals(sessions.get(1)));
            assertThat(observations(ok(search(tenant.apiKey(), "{" + common + ",\"sinceEpoch\":" + since
                    + ",\"untilEpoch\":" + until + "}")))).as(mode).isNotEmpty()
                    .allMatch(o -> o.get("createdAtEpoch").asLong() >= since
                            && o.get("createdAtEpoch").asLong() < until);
            assertThat(contents(ok(search(tenant.apiKey(), "{" + common + ",\"file\":\"InvoiceService.java\"}"))))
                    .as(mode).isNotEmpty().allMatch(c -> c.startsWith("[billing]"));
            // the topics at even places (auth's among them) were on claude-code, the others on opencode
            List<String> onClaudeCode = List.of(sessions.get(0), sessions.get(2), sessions.get(4));
            assertThat(observations(ok(search(tenant.apiKey(), """
                    {"projectId":"%s","query":"%s","mode":"%s","match":"any","limit":100,\
                    "platformSource":"claude-code"}"""
                    .formatted(project, MemoryFixture.TOPICS[2][2], mode)))))
                    .as(mode).isNotEmpty().allMatch(o -> onClaudeCode.contains(o.get("serverSessionId").asString()));
        }
    }

    @Test
    void pagesThroughResultsWithoutRepeats() {
        String body = """
                {"projectId":"%s","query":"step work","limit":10,"offset":%d}""";
        List<String> ids = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            observations(ok(search(tenant.apiKey(), body.formatted(tenant.projectId(), page * 10))))
                    .forEach(o -> ids.add(o.get("id").asString()));
        }
        assertThat(ids).hasSize(30).doesNotHaveDuplicates();
    }

    @Test
    void nothingLeaksAcrossProjectsOrTeams() {
        String siblingKey = tenant.newKey(sibling, List.of("memories:read"));

        assertThat(observations(ok(search(tenant.apiKey(), """
                {"projectId":"%s","query":"backoff","limit":100}""".formatted(sibling)))))
                .isNotEmpty().allMatch(o -> o.get("projectId").asString().equals(sibling));
        search(siblingKey, """
                {"projectId":"%s","query":"backoff"}""".formatted(tenant.projectId())).expectStatus().isForbidden();
        search(tenant.apiKey(), """
                {"projectId":"%s","query":"backoff"}""".formatted(otherTeam.projectId())).expectStatus().isNotFound();
        search(tenant.apiKey(), """
                {"projectId":"no-such-project","query":"backoff"}""").expectStatus().isNotFound();
    }

    @Test
    void aReadKeyMaySearchAndTheReadIsAuditedOffTheRequestPath() {
        String readOnly = tenant.newKey(null, List.of("memories:read"));
        JsonNode answer = ok(search(readOnly, """
                {"projectId":"%s","query":"changelog convention","mode":"fulltext"}""".formatted(tenant.projectId())));

        String firstId = observations(answer).get(0).get("id").asString();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(tenant.count(
                "SELECT count(*) FROM audit_log WHERE team_id = ? AND action = 'observation.read' "
                        + "AND details->>'query' = 'changelog convention' AND details->>'mode' = 'fulltext' "
                        + "AND details->'ids' @> jsonb_build_array(?::text)", tenant.teamId(), firstId)).isOne());
    }

    @Test
    void meaningFindsWhatSharesNoWordWithTheQuery() {
        String question = "how long do we pause before trying a call again when something breaks?";
        JsonNode answer = ok(search(tenant.apiKey(), """
                {"projectId":"%s","query":"%s","mode":"semantic","limit":8,"kinds":["observation"]}"""
                .formatted(tenant.projectId(), question)));
        JsonNode wordsOnly = ok(search(tenant.apiKey(), """
                {"projectId":"%s","query":"%s","mode":"fulltext","kinds":["observation"]}"""
                .formatted(tenant.projectId(), question)));

        assertThat(answer.get("mode").asString()).isEqualTo("semantic");
        assertThat(contents(answer)).hasSize(8).allMatch(c -> c.contains("[retry]"));
        assertThat(contents(wordsOnly)).noneMatch(c -> c.contains("[retry]"));
    }

    @Test
    void hybridIsTheDefaultAndFusesWordsWithMeaning() {
        JsonNode answer = ok(search(tenant.apiKey(), """
                {"projectId":"%s","query":"expired JWT accepted","limit":5}""".formatted(tenant.projectId())));

        assertThat(answer.get("mode").asString()).isEqualTo("hybrid");
        assertThat(answer.has("notice")).isFalse();
        assertThat(contents(answer)).hasSize(5).allMatch(c -> c.contains("auth"));
        assertThat(observations(answer)).allMatch(o -> o.get("projectId").asString().equals(tenant.projectId()));
    }

    @Test
    void aQueryNearNothingIsFoundByNothing() {
        String unrelated = "recipe for a chocolate cake";
        JsonNode byMeaning = ok(search(tenant.apiKey(), """
                {"projectId":"%s","query":"%s","mode":"semantic"}""".formatted(tenant.projectId(), unrelated)));
        JsonNode byBoth = ok(search(tenant.apiKey(), """
                {"projectId":"%s","query":"%s"}""".formatted(tenant.projectId(), unrelated)));
        // the same question with a word of the fixture is found by that word, when any word is enough
        JsonNode oneWord = ok(search(tenant.apiKey(), """
                {"projectId":"%s","query":"%s with rounding","limit":3,"match":"any"}""".formatted(tenant.projectId(), unrelated)));

        assertThat(contents(byMeaning)).isEmpty();
        assertThat(contents(byBoth)).isEmpty();
        assertThat(contents(oneWord)).hasSize(3).allMatch(c -> c.contains("rounding"));
    }

    @Test
    void theContextPackFindsItsTimelineByMeaningToo() {
        JsonNode pack = ok(context(tenant.apiKey(), """
                        {"projectId":"%s","query":"how long do we pause before trying a call again when something breaks?",\
                        "limit":5}""".formatted(tenant.projectId())));

        List<JsonNode> timeline = observations(pack).stream().filter(o -> !o.get("kind").asString().equals("summary"))
                .toList();
        assertThat(timeline).hasSize(5).allMatch(o -> o.get("content").asString().contains("[retry]"));
    }

    @Test
    void theContextPackCanRankItsTimelineByWordsOnly() {
        String question = "how long do we pause before trying a call again when something breaks?";
        JsonNode byWords = ok(context(tenant.apiKey(), """
                        {"projectId":"%s","query":"%s","limit":5,"mode":"fulltext"}""".formatted(tenant.projectId(),
                        question)));
        JsonNode byWord = ok(context(tenant.apiKey(), """
                        {"projectId":"%s","query":"exponential backoff","limit":5,"mode":"fulltext"}"""
                        .formatted(tenant.projectId())));

        // no observation holds every word of the question, and meaning is not asked for
        assertThat(observations(byWords)).isNotEmpty().allMatch(o -> o.get("kind").asString().equals("summary"));
        assertThat(byWords.get("mode").asString()).isEqualTo("fulltext");
        assertThat(byWords.has("notice")).isFalse();
        JsonNode byDefault = ok(context(tenant.apiKey(), """
                        {"projectId":"%s","query":"%s","limit":5}""".formatted(tenant.projectId(), question)));
        assertThat(byDefault.get("mode").asString()).as("the default where embeddings exist").isEqualTo("hybrid");
        JsonNode newest = ok(context(tenant.apiKey(), """
                        {"projectId":"%s","limit":5}""".formatted(tenant.projectId())));
        assertThat(newest.has("mode")).as("no query: the newest observations, no ranking").isFalse();
        assertThat(observations(byWord).stream().filter(o -> !o.get("kind").asString().equals("summary")).toList())
                .hasSize(5).allMatch(o -> o.get("content").asString().contains("exponential backoff"));
    }

    @Test
    void badInputIsA400NamingEachFieldAndItsLimit() {
        JsonNode problem = search(tenant.apiKey(), """
                {"projectId":"%s","limit":500,"offset":-1,"mode":"psychic","match":"some","kinds":["notes"]}"""
                .formatted(tenant.projectId()))
                .expectStatus().isBadRequest().expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(problem.get("error").asString()).isEqualTo("ValidationError");
        assertThat(problem.get("issues").toString()).contains("query").contains("limit").contains("between 1 and 100")
                .contains("offset").contains("mode").contains("kinds").contains("must be one of all, any");
    }

    private WebTestClient.ResponseSpec context(String key, String body) {
        return http.post().uri("/v1/context").header("Authorization", "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private WebTestClient.ResponseSpec search(String key, String body) {
        return http.post().uri("/v1/search").header("Authorization", "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private static JsonNode ok(WebTestClient.ResponseSpec response) {
        return response.expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static List<JsonNode> observations(JsonNode answer) {
        List<JsonNode> list = new ArrayList<>();
        answer.get("observations").forEach(list::add);
        return list;
    }

    private static List<String> contents(JsonNode answer) {
        return observations(answer).stream().map(o -> o.get("content").asString()).toList();
    }
}
