package dev.engram.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.core.testing.TestTenant;
import dev.engram.ingest.IngestApiTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import tools.jackson.databind.JsonNode;

/**
 * The per-key rate limit through the running API (its own context, the limit on: 5 requests a key per 30 s; the
 * relay off, so that the shared context's relay keeps its lock): past the allowance a key is answered 429 with
 * {@code Retry-After} and a problem detail, on every route, while another key of the same team goes on.
 */
@TestPropertySource(properties = {"engram.ingest.rate-limit.per-key=5", "engram.ingest.rate-limit.period=30s",
        "engram.relay.enabled=false"})
class RateLimitedApiTest extends IngestApiTest {

    @Test
    void aKeyPastItsAllowanceIsAnswered429WithRetryAfterAndAnotherKeyIsNot() {
        TestTenant tenant = newTenant();
        String other = tenant.newKey(tenant.projectId(), java.util.List.of("memories:read", "memories:write"));

        for (int i = 0; i < 5; i++) {
            http.get().uri("/v1/usage").header("Authorization", "Bearer " + tenant.apiKey()).exchange()
                    .expectStatus().isOk();
        }
        EntityExchangeResult<JsonNode> refused = http.post().uri("/v1/search")
                .header("Authorization", "Bearer " + tenant.apiKey()).header("Content-Type", "application/json")
                .bodyValue("{\"projectId\":\"%s\",\"query\":\"retry\"}".formatted(tenant.projectId()))
                .exchange().expectStatus().isEqualTo(429).expectBody(JsonNode.class).returnResult();

        assertThat(refused.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("30");
        assertThat(refused.getResponseHeaders().getContentType().toString()).startsWith("application/problem+json");
        assertThat(refused.getResponseBody().get("status").asInt()).isEqualTo(429);
        assertThat(refused.getResponseBody().get("detail").asString()).contains("more than 5 requests in 30000 ms");
        assertThat(refused.getResponseBody().toString()).doesNotContain("Exception").doesNotContain("at dev.");

        http.get().uri("/v1/usage").header("Authorization", "Bearer " + other).exchange().expectStatus().isOk();
        // nothing was written for the refused request: no read audited past the allowance
        assertThat(tenant.count("SELECT count(*) FROM audit_log WHERE team_id = ? AND action = 'observation.read'",
                tenant.teamId())).isZero();
    }
}
