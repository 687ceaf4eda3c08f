package dev.engram.ingest.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.core.testing.TestTenant;
import dev.engram.ingest.IngestApiTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** The memory routes over HTTP against the real database: write, delete, purge, and their refusals. */
class MemoryRoutesTest extends IngestApiTest {

    @Test
    void writeStoresAManualMemoryAndCreatesNoJob() {
        TestTenant tenant = newTenant();

        JsonNode memory = post(tenant.apiKey(), "/v1/memories", """
                {"projectId":"%s","content":"Retries are capped at 5","metadata":{"title":"retries"}}"""
                .formatted(tenant.projectId()))
                .expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("memory");

        assertThat(memory.get("kind").asString()).isEqualTo("manual");
        assertThat(memory.get("content").asString()).isEqualTo("Retries are capped at 5");
        assertThat(memory.get("projectId").asString()).isEqualTo(tenant.projectId());
        assertThat(memory.get("teamId").asString()).isEqualTo(tenant.teamId());
        assertThat(memory.get("serverSessionId").isNull()).isTrue();
        assertThat(memory.get("metadata").get("title").asString()).isEqualTo("retries");
        assertThat(memory.get("createdAtEpoch").asLong()).isPositive();
        assertThat(memory.get("updatedAtEpoch").asLong()).isPositive();
        assertThat(tenant.count("SELECT count(*) FROM observations WHERE id = ?::uuid AND team_id = ? "
                + "AND kind = 'manual' AND generation_key IS NULL AND created_by_job_id IS NULL",
                memory.get("id").asString(), tenant.teamId())).isOne();
        assertThat(tenant.count("SELECT count(*) FROM generation_jobs WHERE team_id = ?", tenant.teamId())).isZero();
        assertThat(tenant.count("SELECT count(*) FROM audit_log WHERE team_id = ? AND action = 'memory.write' "
                + "AND resource_id = ?", tenant.teamId(), memory.get("id").asString())).isOne();
    }

    @Test
    void writeKeepsTheGivenKindAndSession() {
        TestTenant tenant = newTenant();
        String session = startSession(tenant.apiKey(), tenant.projectId(), "kind-1");

        JsonNode memory = post(tenant.apiKey(), "/v1/memories", """
                {"projectId":"%s","content":"Use the staging bucket","kind":"decision","serverSessionId":"%s"}"""
                .formatted(tenant.projectId(), session))
                .expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("memory");

        assertThat(memory.get("kind").asString()).isEqualTo("decision");
        assertThat(memory.get("serverSessionId").asString()).isEqualTo(session);
    }

    @Test
    void privateContentNeverReachesAnyRow() {
        TestTenant tenant = newTenant();

        JsonNode memory = post(tenant.apiKey(), "/v1/memories", """
                {"projectId":"%s","content":"Deploy with <private>secret-token-123</private>the usual script",
                 "metadata":{"note":"<private>secret</private>kept","nested":{"list":["a<private>secret</private>"]},
                             "<private>secret-key</private>name":"value"}}""".formatted(tenant.projectId()))
                .expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("memory");

        assertThat(tenant.count("SELECT count(*) FROM observations WHERE team_id = ? "
                + "AND (content LIKE '%secret%' OR metadata::text LIKE '%secret%')", tenant.teamId())).isZero();
        assertThat(tenant.text("SELECT content FROM observations WHERE id = ?::uuid", memory.get("id").asString()))
                .isEqualTo("Deploy with the usual script");
        assertThat(memory.get("metadata").get("note").asString()).isEqualTo("kept");
        assertThat(memory.get("metadata").get("nested").get("list").get(0).asString()).isEqualTo("a");
        assertThat(memory.get("metadata").get("name").asString()).isEqualTo("value");
    }

    @Test
    void contentThatIsOnlyPrivateIs400OnContent() {
        TestTenant tenant = newTenant();

        post(tenant.apiKey(), "/v1/memories", """
                {"projectId":"%s","content":"  <private>secret</private> "}""".formatted(tenant.projectId()))
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.issues[0].path[0]").isEqualTo("content");

        assertThat(tenant.count("SELECT count(*) FROM observations WHERE team_id = ?", tenant.teamId())).isZero();
    }

    @Test
    void missingProjectIdIs400() {
        TestTenant tenant = newTenant();

        post(tenant.apiKey(), "/v1/memories", "{\"content\":\"hello\"}")
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.error").isEqualTo("ValidationError")
                .jsonPath("$.issues[0].path[0]").isEqualTo("projectId");
    }

    @Test
    void projectOrSessionOutsideTheKeysScopeIs403() {
        TestTenant tenant = newTenant();
        TestTenant other = newTenant();
        String sibling = tenant.addProject();
        String siblingSession = startSession(tenant.apiKey(), sibling, "sib-1");
        String scopedKey = tenant.newKey(tenant.projectId(), List.of("memories:read", "memories:write"));

        post(tenant.apiKey(), "/v1/memories", memoryBody(other.projectId(), "foreign"))
                .expectStatus().isForbidden();
        post(tenant.apiKey(), "/v1/memories", """
                {"projectId":"%s","content":"x","serverSessionId":"%s"}""".formatted(tenant.projectId(), siblingSession))
                .expectStatus().isForbidden();
        post(scopedKey, "/v1/memories", memoryBody(sibling, "sibling"))
                .expectStatus().isForbidden();

        assertThat(tenant.count("SELECT count(*) FROM observations WHERE team_id IN (?, ?)",
                tenant.teamId(), other.teamId())).isZero();
    }

    @Test
    void deleteRemovesTheRowAndASecondDeleteIs404NotFound() {
        TestTenant tenant = newTenant();
        String id = writeMemory(tenant, "to be forgotten");

        delete(tenant.apiKey(), "/v1/memories/" + id).expectStatus().isOk()
                .expectBody()
                .jsonPath("$.deleted").isEqualTo(true)
                .jsonPath("$.id").isEqualTo(id);

        assertThat(tenant.count("SELECT count(*) FROM observations WHERE id = ?::uuid", id)).isZero();
        assertThat(tenant.count("SELECT count(*) FROM audit_log WHERE team_id = ? AND action = 'observation.deleted' "
                + "AND resource_id = ?", tenant.teamId(), id)).isOne();
        delete(tenant.apiKey(), "/v1/memories/" + id).expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.error").isEqualTo("not_found")
                .jsonPath("$.status").isEqualTo(404)
                .jsonPath("$.type").isEqualTo("https://engram.dev/problems/not-found");
        delete(tenant.apiKey(), "/v1/memories/not-a-uuid").expectStatus().isNotFound()
                .expectBody().jsonPath("$.error").isEqualTo("not_found");
    }

    @Test
    void deleteRemovesTheObservationsSources() {
        TestTenant tenant = newTenant();
        String id = writeMemory(tenant, "with a source");
        addSource(tenant, tenant.projectId(), id);

        delete(tenant.apiKey(), "/v1/memories/" + id).expectStatus().isOk();

        assertThat(tenant.count("SELECT count(*) FROM observation_sources WHERE observation_id = ?::uuid", id))
                .isZero();
    }

    @Test
    void anotherTenantsMemoryIs404AndSurvives() {
        TestTenant owner = newTenant();
        TestTenant stranger = newTenant();
        String id = writeMemory(owner, "mine");
        String sibling = owner.addProject();
        String siblingId = writeMemory(owner, sibling, "sibling's");
        String scopedKey = owner.newKey(owner.projectId(), List.of("memories:read", "memories:write"));

        delete(stranger.apiKey(), "/v1/memories/" + id).expectStatus().isNotFound()
                .expectBody().jsonPath("$.error").isEqualTo("not_found");
        delete(scopedKey, "/v1/memories/" + siblingId).expectStatus().isNotFound();

        assertThat(owner.count("SELECT count(*) FROM observations WHERE id IN (?::uuid, ?::uuid)", id, siblingId))
                .isEqualTo(2);
    }

    @Test
    void purgeRemovesOnlyThatProjectsMemoryAndKeepsTheProject() {
        TestTenant tenant = newTenant();
        TestTenant other = newTenant();
        String sibling = tenant.addProject();
        seed(tenant, tenant.projectId(), "purged");
        seed(tenant, sibling, "sibling");
        seed(other, other.projectId(), "other");
        List<String> jobs = jobIds(tenant, tenant.projectId());
        assertThat(jobs).hasSize(2);

        JsonNode purged = delete(tenant.apiKey(), "/v1/projects/" + tenant.projectId() + "/memory")
                .expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(purged.get("purged").asBoolean()).isTrue();
        assertThat(purged.get("projectId").asString()).isEqualTo(tenant.projectId());
        JsonNode counts = purged.get("counts");
        assertThat(counts.get("observations").asLong()).isEqualTo(1);
        assertThat(counts.get("observationSources").asLong()).isEqualTo(1);
        assertThat(counts.get("events").asLong()).isEqualTo(1);
        assertThat(counts.get("sessions").asLong()).isEqualTo(1);
        assertThat(counts.get("jobs").asLong()).isEqualTo(2);
        // the relay appends 'enqueued' job events and may republish, so these are at least one per job
        assertThat(counts.get("jobEvents").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(counts.get("outbox").asLong()).isGreaterThanOrEqualTo(2);

        assertRemembered(tenant, tenant.projectId(), 0);
        assertThat(tenant.count("SELECT count(*) FROM outbox WHERE aggregateid IN (?, ?)", jobs.get(0), jobs.get(1)))
                .isZero();
        assertThat(tenant.count("SELECT count(*) FROM projects WHERE id = ? AND team_id = ?",
                tenant.projectId(), tenant.teamId())).isOne();
        assertRemembered(tenant, sibling, 1);
        assertRemembered(other, other.projectId(), 1);
        assertThat(tenant.count("SELECT count(*) FROM outbox WHERE aggregateid IN "
                + "(SELECT id FROM generation_jobs WHERE team_id = ? AND project_id = ?)", tenant.teamId(), sibling))
                .isGreaterThanOrEqualTo(2);
        assertThat(tenant.count("SELECT count(*) FROM audit_log WHERE team_id = ? AND project_id = ? "
                + "AND action = 'project.memory_purged' AND (details->>'jobs')::int = 2",
                tenant.teamId(), tenant.projectId())).isOne();
        writeMemory(tenant, "the project and its key still work");
    }

    @Test
    void purgeOfAProjectOutsideTheKeysScopeIs404() {
        TestTenant tenant = newTenant();
        TestTenant other = newTenant();
        String sibling = tenant.addProject();
        writeMemory(other, "theirs");
        writeMemory(tenant, sibling, "sibling's");
        String scopedKey = tenant.newKey(tenant.projectId(), List.of("memories:read", "memories:write"));

        delete(tenant.apiKey(), "/v1/projects/" + other.projectId() + "/memory").expectStatus().isNotFound()
                .expectBody()
                .jsonPath("$.error").isEqualTo("NotFound")
                .jsonPath("$.message").isEqualTo("Project not found");
        delete(tenant.apiKey(), "/v1/projects/no-such-project/memory").expectStatus().isNotFound();
        delete(scopedKey, "/v1/projects/" + sibling + "/memory").expectStatus().isNotFound();

        assertThat(other.count("SELECT count(*) FROM observations WHERE team_id = ?", other.teamId())).isOne();
        assertThat(tenant.count("SELECT count(*) FROM observations WHERE project_id = ?", sibling)).isOne();
    }

    @Test
    void readOnlyKeyIs403OnEveryMemoryRoute() {
        TestTenant tenant = newTenant();
        String id = writeMemory(tenant, "read only");
        String readOnly = tenant.newKey(null, List.of("memories:read"));

        post(readOnly, "/v1/memories", memoryBody(tenant.projectId(), "nope")).expectStatus().isForbidden();
        delete(readOnly, "/v1/memories/" + id).expectStatus().isForbidden();
        delete(readOnly, "/v1/projects/" + tenant.projectId() + "/memory").expectStatus().isForbidden();

        assertThat(tenant.count("SELECT count(*) FROM observations WHERE team_id = ?", tenant.teamId())).isOne();
    }

    /** A session, an event with its job, the session's summary job, and a memory with one source. */
    private void seed(TestTenant tenant, String projectId, String marker) {
        String session = startSession(tenant.apiKey(), projectId, marker);
        String event = post(tenant.apiKey(), "/v1/events", toolUse(projectId, marker)).expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("event").get("id").asString();
        post(tenant.apiKey(), "/v1/sessions/" + session + "/end", "").expectStatus().isOk();
        String memory = post(tenant.apiKey(), "/v1/memories", """
                {"projectId":"%s","content":"remember %s","serverSessionId":"%s"}"""
                .formatted(projectId, marker, session))
                .expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("memory").get("id").asString();
        tenant.update("INSERT INTO observation_sources (observation_id, team_id, project_id, source_type, source_id) "
                + "VALUES (?::uuid, ?, ?, 'agent_event', ?)", memory, tenant.teamId(), projectId, event);
    }

    private static void assertRemembered(TestTenant tenant, String projectId, long expected) {
        for (String table : List.of("observations", "observation_sources", "agent_events", "sessions")) {
            assertThat(tenant.count("SELECT count(*) FROM " + table + " WHERE team_id = ? AND project_id = ?",
                    tenant.teamId(), projectId)).as(table).isEqualTo(expected);
        }
        long jobs = tenant.count("SELECT count(*) FROM generation_jobs WHERE team_id = ? AND project_id = ?",
                tenant.teamId(), projectId);
        long jobEvents = tenant.count("SELECT count(*) FROM generation_job_events WHERE team_id = ? AND project_id = ?",
                tenant.teamId(), projectId);
        assertThat(jobs).as("generation_jobs").isEqualTo(2 * expected);
        assertThat(jobEvents).as("generation_job_events").isGreaterThanOrEqualTo(2 * expected);
        if (expected == 0) {
            assertThat(jobEvents).as("generation_job_events").isZero();
        }
    }

    private static List<String> jobIds(TestTenant tenant, String projectId) {
        return List.of(
                tenant.text("SELECT id FROM generation_jobs WHERE team_id = ? AND project_id = ? ORDER BY id LIMIT 1",
                        tenant.teamId(), projectId),
                tenant.text("SELECT id FROM generation_jobs WHERE team_id = ? AND project_id = ? "
                        + "ORDER BY id OFFSET 1 LIMIT 1", tenant.teamId(), projectId));
    }

    private static void addSource(TestTenant tenant, String projectId, String observationId) {
        tenant.update("INSERT INTO observation_sources (observation_id, team_id, project_id, source_type, source_id) "
                + "VALUES (?::uuid, ?, ?, 'session', 'manual')", observationId, tenant.teamId(), projectId);
    }

    private String writeMemory(TestTenant tenant, String content) {
        return writeMemory(tenant, tenant.projectId(), content);
    }

    private String writeMemory(TestTenant tenant, String projectId, String content) {
        return post(tenant.apiKey(), "/v1/memories", memoryBody(projectId, content)).expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("memory").get("id").asString();
    }

    private String startSession(String key, String projectId, String externalId) {
        return post(key, "/v1/sessions/start", """
                {"projectId":"%s","externalSessionId":"%s","contentSessionId":"session-%s"}"""
                .formatted(projectId, externalId, externalId))
                .expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("session").get("id").asString();
    }

    private static String memoryBody(String projectId, String content) {
        return """
                {"projectId":"%s","content":"%s"}""".formatted(projectId, content);
    }

    private WebTestClient.ResponseSpec post(String key, String path, String body) {
        return http.post().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private WebTestClient.ResponseSpec delete(String key, String path) {
        return http.delete().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + key).exchange();
    }
}
