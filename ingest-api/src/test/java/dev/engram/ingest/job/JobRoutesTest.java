package dev.engram.ingest.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.core.testing.TestTenant;
import dev.engram.ingest.IngestApiTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** The job listings and an operator's retry and cancel, as claude-mem's clients call them. */
class JobRoutesTest extends IngestApiTest {

    @Test
    void listsTheTeamsJobsNewestFirstWithFiltersPagingAndTotal() {
        TestTenant tenant = newTenant();
        String failedOld = job(tenant, tenant.projectId(), "failed", 50);
        String completed = job(tenant, tenant.projectId(), "completed", 40);
        String failedNew = job(tenant, tenant.projectId(), "failed", 30);
        String queued = job(tenant, tenant.projectId(), "queued", 20);
        String cancelled = job(tenant, tenant.projectId(), "cancelled", 10);

        JsonNode all = ok(get(tenant.apiKey(), "/v1/jobs"));
        assertThat(ids(all)).containsExactly(cancelled, queued, failedNew, completed, failedOld);
        assertThat(all.get("total").asLong()).isEqualTo(5);
        assertThat(all.get("limit").asInt()).isEqualTo(50);
        JsonNode first = all.get("jobs").get(0);
        assertThat(first.get("status").asString()).isEqualTo("cancelled");
        assertThat(first.get("lane").asString()).isEqualTo("event");
        assertThat(first.has("payload")).isFalse();
        assertThat(first.has("completedAtEpoch")).isTrue();

        JsonNode failed = ok(get(tenant.apiKey(), "/v1/jobs?status=failed"));
        assertThat(ids(failed)).containsExactly(failedNew, failedOld);
        assertThat(failed.get("total").asLong()).isEqualTo(2);
        assertThat(ids(ok(get(tenant.apiKey(), "/v1/jobs?status=failed,completed&limit=2&offset=1"))))
                .containsExactly(completed, failedOld);
        assertThat(ok(get(tenant.apiKey(), "/v1/jobs?status=failed,completed&limit=2&offset=1")).get("total")
                .asLong()).isEqualTo(3);
        assertThat(ids(ok(get(tenant.apiKey(), "/v1/jobs?status=bogus")))).hasSize(5);
        assertThat(ok(get(tenant.apiKey(), "/v1/jobs?limit=5000")).get("limit").asInt()).isEqualTo(200);
        assertThat(ids(ok(get(tenant.apiKey(), "/v1/jobs?source_type=session_summary")))).isEmpty();
        String since = tenant.text("SELECT to_char((now() - interval '25 minutes') AT TIME ZONE 'UTC', "
                + "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')");
        assertThat(ids(ok(get(tenant.apiKey(), "/v1/jobs?since=" + since)))).containsExactly(cancelled, queued);

        JsonNode bad = get(tenant.apiKey(), "/v1/jobs?limit=many&offset=-1&since=yesterday").expectStatus()
                .isBadRequest().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(bad.get("error").asString()).isEqualTo("ValidationError");
        assertThat(bad.get("issues").toString()).contains("limit").contains("offset").contains("since");
    }

    @Test
    void projectAndTeamListingsStayInsideTheKeysScope() {
        TestTenant tenant = newTenant();
        String sibling = tenant.addProject();
        String own = job(tenant, tenant.projectId(), "failed", 5);
        String siblings = job(tenant, sibling, "failed", 4);
        TestTenant other = newTenant();
        job(other, other.projectId(), "failed", 3);
        String projectKey = tenant.newKey(tenant.projectId(), List.of("memories:read"));

        assertThat(ids(ok(get(tenant.apiKey(), "/v1/projects/" + sibling + "/jobs")))).containsExactly(siblings);
        assertThat(ok(get(tenant.apiKey(), "/v1/projects/" + sibling + "/jobs")).get("total").asLong()).isOne();
        assertThat(ids(ok(get(tenant.apiKey(), "/v1/teams/" + tenant.teamId() + "/jobs"))))
                .containsExactly(siblings, own);
        assertThat(ids(ok(get(projectKey, "/v1/jobs")))).containsExactly(own);
        assertThat(ids(ok(get(projectKey, "/v1/teams/" + tenant.teamId() + "/jobs")))).containsExactly(own);
        get(projectKey, "/v1/projects/" + sibling + "/jobs").expectStatus().isNotFound();
        get(tenant.apiKey(), "/v1/projects/" + other.projectId() + "/jobs").expectStatus().isNotFound();
        get(tenant.apiKey(), "/v1/teams/" + other.teamId() + "/jobs").expectStatus().isNotFound();
    }

    @Test
    void payloadsAreListedOnlyForAnAdminKey() {
        TestTenant tenant = newTenant();
        String id = job(tenant, tenant.projectId(), "failed", 1);
        String admin = tenant.newKey(null, List.of("memories:read", "memories:admin"));

        get(tenant.apiKey(), "/v1/jobs?include=payload").expectStatus().isForbidden();
        JsonNode listed = ok(get(admin, "/v1/jobs?include=payload")).get("jobs").get(0);

        assertThat(listed.get("id").asString()).isEqualTo(id);
        assertThat(listed.get("payload").get("generation_job_id").asString()).isEqualTo(id);
    }

    @Test
    void aFailedJobIsRetriedOnceAndPublishedAgainAndTheRetryIsAudited() {
        TestTenant tenant = newTenant();
        String id = job(tenant, tenant.projectId(), "failed", 1);

        JsonNode retried = ok(post(tenant.apiKey(), "/v1/jobs/" + id + "/retry"));
        JsonNode again = ok(post(tenant.apiKey(), "/v1/jobs/" + id + "/retry"));

        assertThat(retried.get("alreadyQueued").asBoolean()).isFalse();
        assertThat(retried.get("retriedCount").asInt()).isOne();
        assertThat(retried.get("requestId").asString()).isNotBlank();
        JsonNode job = retried.get("generationJob");
        assertThat(job.get("status").asString()).isEqualTo("queued");
        assertThat(job.get("attempts").asInt()).isEqualTo(2);
        assertThat(job.get("lastError").isNull()).isTrue();
        assertThat(job.get("failedAtEpoch").isNull()).isTrue();
        assertThat(again.get("alreadyQueued").asBoolean()).isTrue();
        assertThat(again.get("retriedCount").asInt()).isOne();
        assertThat(tenant.count("SELECT count(*) FROM outbox WHERE aggregateid = ?", id)).isOne();
        assertThat(tenant.count("SELECT count(*) FROM outbox WHERE aggregateid = ? AND payload->>'retried_count' = '1'",
                id)).isOne();
        assertThat(tenant.count("SELECT count(*) FROM generation_job_events WHERE job_id = ? AND event_type = 'queued' "
                + "AND details->>'by' = 'operator'", id)).isOne();
        assertThat(tenant.count("SELECT count(*) FROM audit_log WHERE team_id = ? AND action = "
                + "'generation_job.retried_by_operator' AND resource_id = ? AND details->>'requestId' = ?",
                tenant.teamId(), id, retried.get("requestId").asString())).isOne();
    }

    @Test
    void twoConcurrentRetriesPublishTheJobOnce() {
        TestTenant tenant = newTenant();
        String id = job(tenant, tenant.projectId(), "cancelled", 1);

        List<CompletableFuture<JsonNode>> retries = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            retries.add(CompletableFuture.supplyAsync(() -> ok(post(tenant.apiKey(), "/v1/jobs/" + id + "/retry"))));
        }
        List<Boolean> alreadyQueued = retries.stream().map(CompletableFuture::join)
                .map(answer -> answer.get("alreadyQueued").asBoolean()).toList();

        assertThat(alreadyQueued).containsExactlyInAnyOrder(true, false);
        assertThat(tenant.count("SELECT count(*) FROM outbox WHERE aggregateid = ?", id)).isOne();
        assertThat(tenant.count("SELECT count(*) FROM audit_log WHERE resource_id = ? "
                + "AND action = 'generation_job.retried_by_operator'", id)).isOne();
    }

    @Test
    void retryAndCancelAreRefusedByStateAndScope() {
        TestTenant tenant = newTenant();
        String completed = job(tenant, tenant.projectId(), "completed", 3);
        String processing = job(tenant, tenant.projectId(), "processing", 2);
        TestTenant other = newTenant();
        String foreign = job(other, other.projectId(), "failed", 1);
        String readOnly = tenant.newKey(null, List.of("memories:read"));

        JsonNode conflict = post(tenant.apiKey(), "/v1/jobs/" + completed + "/retry").expectStatus()
                .isEqualTo(409).expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(conflict.get("error").asString()).isEqualTo("Conflict");
        assertThat(conflict.get("message").asString()).contains("completed");
        post(tenant.apiKey(), "/v1/jobs/" + processing + "/retry").expectStatus().isEqualTo(409);
        post(tenant.apiKey(), "/v1/jobs/" + completed + "/cancel").expectStatus().isEqualTo(409);
        post(tenant.apiKey(), "/v1/jobs/" + foreign + "/retry").expectStatus().isNotFound();
        post(tenant.apiKey(), "/v1/jobs/" + foreign + "/cancel").expectStatus().isNotFound();
        post(readOnly, "/v1/jobs/" + processing + "/cancel").expectStatus().isForbidden();
        assertThat(other.text("SELECT status FROM generation_jobs WHERE id = ?", foreign)).isEqualTo("failed");
        assertThat(tenant.text("SELECT status FROM generation_jobs WHERE id = ?", processing)).isEqualTo("processing");
    }

    @Test
    void aQueuedJobIsCancelledOnceAndTheCancelIsAudited() {
        TestTenant tenant = newTenant();
        String id = job(tenant, tenant.projectId(), "queued", 1);

        JsonNode cancelled = ok(post(tenant.apiKey(), "/v1/jobs/" + id + "/cancel"));
        JsonNode again = ok(post(tenant.apiKey(), "/v1/jobs/" + id + "/cancel"));

        assertThat(cancelled.get("alreadyCancelled").asBoolean()).isFalse();
        assertThat(cancelled.get("generationJob").get("status").asString()).isEqualTo("cancelled");
        assertThat(cancelled.get("generationJob").get("cancelledAtEpoch").isNumber()).isTrue();
        assertThat(again.get("alreadyCancelled").asBoolean()).isTrue();
        assertThat(tenant.count("SELECT count(*) FROM generation_job_events WHERE job_id = ? "
                + "AND event_type = 'cancelled'", id)).isOne();
        assertThat(tenant.count("SELECT count(*) FROM audit_log WHERE resource_id = ? "
                + "AND action = 'generation_job.cancelled_by_operator'", id)).isOne();
    }

    @Test
    void anAdminRequeuesTheFailedJobsTheBodySelectsOnceAndOthersMayNot() {
        TestTenant tenant = newTenant();
        String first = job(tenant, tenant.projectId(), "failed", 3);
        String second = job(tenant, tenant.projectId(), "failed", 2);
        tenant.update("UPDATE generation_jobs SET last_error = '{\"reason\":\"parse failure\"}' WHERE id = ?", second);
        String third = job(tenant, tenant.projectId(), "failed", 1);
        String admin = tenant.newKey(null, List.of("memories:read", "memories:write", "memories:admin"));

        requeue(tenant.apiKey(), "{}").expectStatus().isForbidden();
        JsonNode bad = requeue(admin, """
                {"lane":"nowhere","limit":5000}""").expectStatus().isBadRequest().expectBody(JsonNode.class)
                .returnResult().getResponseBody();
        assertThat(bad.get("issues").toString()).contains("lane").contains("limit");
        JsonNode tooLong = requeue(admin, """
                {"limit":1000,"perSecond":1}""").expectStatus().isBadRequest().expectBody(JsonNode.class)
                .returnResult().getResponseBody();
        assertThat(tooLong.get("issues").toString()).contains("at most 60 × perSecond");

        JsonNode done = ok(requeue(admin, """
                {"errorContains":"PROVIDER ANSWERED 500","perSecond":50}"""));
        JsonNode again = ok(requeue(admin, """
                {"errorContains":"provider answered 500"}"""));

        assertThat(done.get("matched").asInt()).isEqualTo(2);
        assertThat(done.get("requeued").asInt()).isEqualTo(2);
        assertThat(done.get("jobIds").toString()).contains(first).contains(third).doesNotContain(second);
        assertThat(again.get("matched").asInt()).isZero();
        assertThat(tenant.text("SELECT status FROM generation_jobs WHERE id = ?", second)).isEqualTo("failed");
        assertThat(tenant.count("SELECT count(*) FROM generation_jobs WHERE team_id = ? AND status = 'queued'",
                tenant.teamId())).isEqualTo(2);
        assertThat(tenant.count("SELECT count(*) FROM audit_log WHERE team_id = ? "
                + "AND action = 'generation_job.retried_by_operator'", tenant.teamId())).isEqualTo(2);
    }

    private WebTestClient.ResponseSpec requeue(String key, String body) {
        return http.post().uri("/v1/jobs/requeue").header("Authorization", "Bearer " + key)
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    /** A job of {@code project} in {@code status}, created {@code minutesAgo}, with no outbox row. */
    private static String job(TestTenant tenant, String project, String status, int minutesAgo) {
        String id = "evt_" + UUID.randomUUID().toString().replace("-", "");
        String source = UUID.randomUUID().toString();
        tenant.update("INSERT INTO generation_jobs (id, team_id, project_id, source_type, source_id, job_type, lane, "
                + "status, attempts, payload, last_error, created_at, failed_at, completed_at, cancelled_at, locked_at) "
                + "VALUES (?, ?, ?, 'agent_event', ?, 'event', 'event', ?, 3, jsonb_build_object('version', 1, "
                + "'kind', 'event', 'team_id', ?::text, 'project_id', ?::text, 'source_type', 'agent_event', "
                + "'source_id', ?::text, 'generation_job_id', ?::text), "
                + "CASE WHEN ? = 'failed' THEN '{\"reason\":\"provider answered 500\",\"classification\":\"retryable\"}'::jsonb END, "
                + "now() - make_interval(mins => ?), "
                + "CASE WHEN ? = 'failed' THEN now() END, CASE WHEN ? = 'completed' THEN now() END, "
                + "CASE WHEN ? = 'cancelled' THEN now() END, CASE WHEN ? = 'processing' THEN now() END)",
                id, tenant.teamId(), project, source, status, tenant.teamId(), project, source, id, status, minutesAgo,
                status, status, status, status);
        return id;
    }

    private WebTestClient.ResponseSpec get(String key, String uri) {
        return http.get().uri(uri).header("Authorization", "Bearer " + key).exchange();
    }

    private WebTestClient.ResponseSpec post(String key, String uri) {
        return http.post().uri(uri).header("Authorization", "Bearer " + key).exchange();
    }

    private static JsonNode ok(WebTestClient.ResponseSpec response) {
        return response.expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("jobs").forEach(job -> ids.add(job.get("id").asString()));
        return ids;
    }
}
