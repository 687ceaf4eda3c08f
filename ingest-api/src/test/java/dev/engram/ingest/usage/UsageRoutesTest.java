package dev.engram.ingest.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.core.testing.TestTenant;
import dev.engram.ingest.IngestApiTest;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/** {@code GET /v1/usage}: this month's totals per kind, of the key's team only. */
class UsageRoutesTest extends IngestApiTest {

    @Test
    void countsWhatTheTeamDidThisMonthAndNothingOfAnotherTeam() {
        TestTenant tenant = newTenant();
        TestTenant other = newTenant();
        post(tenant, "/v1/events?generate=false", toolUse(tenant.projectId(), "usage-1"));
        post(tenant, "/v1/events?generate=false", toolUse(tenant.projectId(), "usage-2"));
        post(other, "/v1/events?generate=false", toolUse(other.projectId(), "usage-other"));
        post(tenant, "/v1/memories", """
                {"projectId":"%s","content":"Invoices are rounded once, at the end"}""".formatted(tenant.projectId()));
        post(tenant, "/v1/search", """
                {"projectId":"%s","query":"invoice rounding","mode":"fulltext"}""".formatted(tenant.projectId()));
        // the read's audit row is written off the request path
        await().atMost(Duration.ofSeconds(5)).until(() -> tenant.count(
                "SELECT count(*) FROM audit_log WHERE team_id = ? AND action = 'observation.read'", tenant.teamId()) == 1);

        JsonNode usage = http.get().uri("/v1/usage").header("Authorization", "Bearer " + tenant.apiKey()).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(usage.get("since").asString())
                .isEqualTo(LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1) + "T00:00:00Z");
        JsonNode totals = usage.get("usage");
        assertThat(totals.get("eventsReceived").asLong()).isEqualTo(2);
        assertThat(totals.get("reads").asLong()).isOne();
        assertThat(totals.get("memoriesWritten").asLong()).isOne();
        assertThat(totals.get("memories").asLong()).isOne();
        assertThat(totals.get("observations").asLong()).isZero();
    }

    private void post(TestTenant tenant, String uri, String body) {
        http.post().uri(uri).header("Authorization", "Bearer " + tenant.apiKey())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectStatus().is2xxSuccessful();
    }
}
