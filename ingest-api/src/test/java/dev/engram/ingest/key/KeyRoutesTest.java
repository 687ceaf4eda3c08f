package dev.engram.ingest.key;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.core.key.ApiKeys;
import dev.engram.core.testing.TestTenant;
import dev.engram.ingest.IngestApiTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** {@code POST /v1/keys} and {@code GET /v1/connect}: read-only keys for MCP clients, never wider than their maker. */
class KeyRoutesTest extends IngestApiTest {

    @Test
    void mintsAReadOnlyKeyOfTheCallersTenantShownOnce() {
        TestTenant tenant = newTenant();
        String projectKey = tenant.newKey(tenant.projectId(), List.of("memories:read", "memories:write"));

        JsonNode minted = ok(mint(projectKey, "{\"label\":\"laptop\",\"expiresInDays\":30}"));

        String raw = minted.get("apiKey").asString();
        assertThat(raw).matches("cm_[0-9a-f]{48}");
        assertThat(minted.get("scopes").toString()).isEqualTo("[\"memories:read\"]");
        assertThat(Instant.parse(minted.get("expiresAt").asString()))
                .isBetween(Instant.now().plus(Duration.ofDays(29)), Instant.now().plus(Duration.ofDays(31)));
        assertThat(minted.get("mcpUrl").asString()).startsWith("http://").endsWith("/v1/mcp");
        assertThat(minted.get("connectCommand").asString()).isEqualTo("claude mcp add --transport http engram "
                + minted.get("mcpUrl").asString() + " --header \"Authorization: Bearer " + raw + "\"");
        assertThat(tenant.count("SELECT count(*) FROM api_keys WHERE id = ?::uuid AND key_hash = ? AND team_id = ? "
                + "AND project_id = ? AND label = 'laptop' AND scopes = '[\"memories:read\"]'::jsonb",
                minted.get("id").asString(), ApiKeys.hash(raw), tenant.teamId(), tenant.projectId())).isOne();
        assertThat(tenant.count("SELECT count(*) FROM api_keys WHERE key_hash = ?", raw)).isZero();
        assertThat(tenant.count("SELECT count(*) FROM audit_log WHERE team_id = ? AND action = 'key.created' "
                + "AND resource_id = ?", tenant.teamId(), minted.get("id").asString())).isOne();
    }

    @Test
    void theMintedKeyReadsButCannotWriteOrMint() {
        TestTenant tenant = newTenant();
        String raw = ok(mint(tenant.apiKey(), "{}")).get("apiKey").asString();

        http.get().uri("/v1/info").header("Authorization", "Bearer " + raw).exchange().expectStatus().isOk();
        http.post().uri("/v1/search").header("Authorization", "Bearer " + raw).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"projectId\":\"%s\",\"query\":\"x\"}".formatted(tenant.projectId()))
                .exchange().expectStatus().isOk();
        http.post().uri("/v1/memories").header("Authorization", "Bearer " + raw).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"projectId\":\"%s\",\"content\":\"x\"}".formatted(tenant.projectId()))
                .exchange().expectStatus().isForbidden();
        mint(raw, "{}").expectStatus().isForbidden();
    }

    @Test
    void refusesALongLabelAndAnExpiryOutOfRange() {
        TestTenant tenant = newTenant();

        mint(tenant.apiKey(), "{\"label\":\"%s\",\"expiresInDays\":366}".formatted("x".repeat(121)))
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.issues[*].message").value(messages -> assertThat(messages.toString())
                        .contains("at most 120 characters").contains("between 1 and 365"));
        assertThat(tenant.count("SELECT count(*) FROM api_keys WHERE team_id = ?", tenant.teamId())).isOne();
    }

    @Test
    void connectNamesTheMcpUrlAndACommandWithAPlaceholder() {
        TestTenant tenant = newTenant();

        JsonNode connect = http.get().uri("/v1/connect").header("Authorization", "Bearer " + tenant.apiKey())
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(connect.get("mcpUrl").asString()).endsWith("/v1/mcp");
        assertThat(connect.get("connectCommand").asString()).contains("<your-api-key>");
        assertThat(connect.get("hint").asString()).contains("POST /v1/keys");
    }

    @Test
    void revokesAKeyOfTheCallersTenantOnceAndItStopsWorking() {
        TestTenant tenant = newTenant();
        JsonNode minted = ok(mint(tenant.apiKey(), "{}"));
        String id = minted.get("id").asString();

        JsonNode revoked = revoke(tenant.apiKey(), id).expectStatus().isOk().expectBody(JsonNode.class).returnResult()
                .getResponseBody();

        assertThat(revoked.get("id").asString()).isEqualTo(id);
        assertThat(revoked.get("alreadyRevoked").asBoolean()).isFalse();
        Instant at = Instant.parse(revoked.get("revokedAt").asString());
        assertThat(at).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));
        // a revoked key is refused as every revoked key is (docs/api.md); it was never cached, so at once
        http.get().uri("/v1/info").header("Authorization", "Bearer " + minted.get("apiKey").asString()).exchange()
                .expectStatus().isForbidden();
        assertThat(tenant.count("SELECT count(*) FROM audit_log WHERE team_id = ? AND action = 'key.revoked' "
                + "AND resource_id = ?", tenant.teamId(), id)).isOne();

        JsonNode again = revoke(tenant.apiKey(), id).expectStatus().isOk().expectBody(JsonNode.class).returnResult()
                .getResponseBody();
        assertThat(again.get("alreadyRevoked").asBoolean()).isTrue();
        assertThat(Instant.parse(again.get("revokedAt").asString())).isEqualTo(at);
        assertThat(tenant.count("SELECT count(*) FROM audit_log WHERE action = 'key.revoked' AND resource_id = ?", id))
                .isOne();
    }

    @Test
    void anotherTenantsKeyOrASiblingProjectsOrNoKeyIsNotFoundAndAnAdminKeyNeedsAnAdmin() {
        TestTenant tenant = newTenant();
        TestTenant other = newTenant();
        String othersKey = ok(mint(other.apiKey(), "{}")).get("id").asString();
        String sibling = tenant.addProject();
        String siblingKey = ok(mint(tenant.newKey(sibling, List.of("memories:read", "memories:write")), "{}"))
                .get("id").asString();
        String projectKey = tenant.newKey(tenant.projectId(), List.of("memories:read", "memories:write"));

        revoke(tenant.apiKey(), othersKey).expectStatus().isNotFound();
        revoke(projectKey, siblingKey).expectStatus().isNotFound();
        revoke(tenant.apiKey(), "not-a-key-id").expectStatus().isNotFound();
        revoke(tenant.apiKey(), "00000000-0000-4000-8000-000000000000").expectStatus().isNotFound();
        String readOnly = ok(mint(tenant.apiKey(), "{}")).get("apiKey").asString();
        revoke(readOnly, siblingKey).expectStatus().isForbidden();
        assertThat(other.count("SELECT count(*) FROM api_keys WHERE id = ?::uuid AND revoked_at IS NULL", othersKey))
                .isOne();

        String admin = tenant.newKey(tenant.projectId(), List.of("memories:read", "memories:write", "memories:admin"));
        String adminId = tenant.text("SELECT id::text FROM api_keys WHERE key_hash = ?", ApiKeys.hash(admin));
        revoke(projectKey, adminId).expectStatus().isForbidden().expectBody()
                .jsonPath("$.detail").value(detail -> assertThat(detail.toString()).contains("admin scope"));
        revoke(admin, adminId).expectStatus().isOk();
    }

    private WebTestClient.ResponseSpec revoke(String key, String id) {
        return http.delete().uri("/v1/keys/{id}", id).header("Authorization", "Bearer " + key).exchange();
    }

    private WebTestClient.ResponseSpec mint(String key, String body) {
        return http.post().uri("/v1/keys").header("Authorization", "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private static JsonNode ok(WebTestClient.ResponseSpec response) {
        return response.expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
    }
}
