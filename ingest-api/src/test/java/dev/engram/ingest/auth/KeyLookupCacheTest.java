package dev.engram.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.core.testing.TestTenant;
import dev.engram.ingest.IngestApiTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * The key lookup is cached ({@code engram.ingest.lookup-cache-ttl}, 1 s in the test context): a revoked key
 * must stop within that bound, and an expired one at its expiry even while its row is cached.
 */
class KeyLookupCacheTest extends IngestApiTest {

    private static final Duration TTL = Duration.ofSeconds(1);

    @Test
    void aKeyRevokedWhileCachedStopsWorkingWithinTheCacheBound() {
        TestTenant tenant = newTenant();
        assertThat(status(tenant, "before")).isEqualTo(201);

        tenant.update("UPDATE api_keys SET revoked_at = now() WHERE team_id = ?", tenant.teamId());
        long revokedAt = System.nanoTime();
        await().pollInterval(Duration.ofMillis(50)).atMost(TTL.plusSeconds(2))
                .until(() -> status(tenant, "after-" + System.nanoTime()) == 403);
        Duration took = Duration.ofNanos(System.nanoTime() - revokedAt);

        assertThat(took).isLessThanOrEqualTo(TTL.plusMillis(500));
        // Once refused, it stays refused: the refusal is not cached away into an acceptance.
        assertThat(status(tenant, "later")).isEqualTo(403);
    }

    @Test
    void aCachedKeyIsRefusedFromTheMomentItExpires() {
        TestTenant tenant = newTenant();
        tenant.update("UPDATE api_keys SET expires_at = now() + interval '600 milliseconds' WHERE team_id = ?",
                tenant.teamId());
        assertThat(status(tenant, "fresh")).isEqualTo(201);

        await().atMost(Duration.ofSeconds(2)).until(() -> tenant.count(
                "SELECT count(*) FROM api_keys WHERE team_id = ? AND expires_at <= now()", tenant.teamId()) == 1);

        // Still inside the cache's second, but past the key's own expiry.
        assertThat(status(tenant, "expired")).isEqualTo(403);
    }

    @Test
    void aKeysUseIsRecordedWhenItIsReadNotOnEveryRequest() {
        TestTenant tenant = newTenant();
        assertThat(tenant.count("SELECT count(*) FROM api_keys WHERE team_id = ? AND last_used_at IS NULL",
                tenant.teamId())).isOne();

        assertThat(status(tenant, "first")).isEqualTo(201);
        await().atMost(Duration.ofSeconds(2)).until(() -> tenant.count(
                "SELECT count(*) FROM api_keys WHERE team_id = ? AND last_used_at > now() - interval '10 seconds'",
                tenant.teamId()) == 1);
        String first = tenant.text("SELECT last_used_at::text FROM api_keys WHERE team_id = ?", tenant.teamId());
        // read again after the cache's second: the key was used less than a minute ago, so nothing is written
        await().pollDelay(TTL.plusMillis(200)).atMost(TTL.plusSeconds(2)).until(() -> true);
        assertThat(status(tenant, "second")).isEqualTo(201);

        assertThat(tenant.text("SELECT last_used_at::text FROM api_keys WHERE team_id = ?", tenant.teamId()))
                .isEqualTo(first);
    }

    private int status(TestTenant tenant, String marker) {
        return http.post().uri("/v1/events?generate=false")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + tenant.apiKey())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(toolUse(tenant.projectId(), marker))
                .exchange()
                .returnResult(String.class).getStatus().value();
    }
}
