package dev.engram.ingest.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.core.testing.TestTenant;
import dev.engram.ingest.IngestApiTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** {@code GET /v1/audit}: the team's trail for an admin key, never another team's. */
class AuditRoutesTest extends IngestApiTest {

    @Test
    void anAdminKeyReadsItsTeamsTrailNewestFirstFilteredByAction() {
        TestTenant tenant = newTenant();
        TestTenant other = newTenant();
        String admin = tenant.newKey(null, List.of("memories:read", "memories:admin"));
        audit(tenant, "memory.write", "obs-1", 30);
        audit(tenant, "generation_job.retried_by_operator", "evt_a", 20);
        audit(tenant, "memory.write", "obs-2", 10);
        audit(other, "memory.write", "foreign", 5);

        JsonNode all = ok(get(admin, "/v1/audit"));
        JsonNode writes = ok(get(admin, "/v1/audit?action=memory.write&limit=1"));

        assertThat(resources(all)).containsExactly("obs-2", "evt_a", "obs-1");
        assertThat(all.get("entries").get(0).get("details").get("note").asString()).isEqualTo("obs-2");
        assertThat(all.get("entries").get(0).get("teamId").asString()).isEqualTo(tenant.teamId());
        assertThat(resources(writes)).containsExactly("obs-2");
        assertThat(writes.get("limit").asInt()).isOne();
    }

    @Test
    void theTrailNeedsTheAdminScopeAndValidQueryValues() {
        TestTenant tenant = newTenant();
        String admin = tenant.newKey(null, List.of("memories:read", "memories:admin"));

        get(tenant.apiKey(), "/v1/audit").expectStatus().isForbidden();
        JsonNode bad = get(admin, "/v1/audit?limit=9999&since=yesterday").expectStatus().isBadRequest()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(bad.get("issues").toString()).contains("limit").contains("between 1 and 500").contains("since");
    }

    private static void audit(TestTenant tenant, String action, String resource, int minutesAgo) {
        tenant.update("INSERT INTO audit_log (team_id, project_id, action, resource_type, resource_id, details, "
                + "created_at) VALUES (?, ?, ?, 'test', ?, jsonb_build_object('note', ?::text), "
                + "now() - make_interval(mins => ?))", tenant.teamId(), tenant.projectId(), action, resource, resource,
                minutesAgo);
    }

    private WebTestClient.ResponseSpec get(String key, String uri) {
        return http.get().uri(uri).header("Authorization", "Bearer " + key).exchange();
    }

    private static JsonNode ok(WebTestClient.ResponseSpec response) {
        return response.expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static List<String> resources(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("entries").forEach(entry -> {
            if (entry.get("resourceType").asString().equals("test")) {
                ids.add(entry.get("resourceId").asString());
            }
        });
        return ids;
    }
}
