package dev.engram.core.job;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The job payload carried in the outbox row and the Kafka record value. It is advisory: a processor
 * reloads the job and its source rows from Postgres and checks team and project against them.
 * Readers ignore unknown fields, so a newer writer can add fields without breaking an older reader;
 * {@code version} changes only when a field changes meaning.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobPayload(
        @JsonProperty("version") int version,
        @JsonProperty("kind") String kind,
        @JsonProperty("team_id") String teamId,
        @JsonProperty("project_id") String projectId,
        @JsonProperty("source_type") String sourceType,
        @JsonProperty("source_id") String sourceId,
        @JsonProperty("generation_job_id") String generationJobId,
        @JsonProperty("agent_event_id") @Nullable String agentEventId,
        @JsonProperty("server_session_id") @Nullable String serverSessionId,
        @JsonProperty("api_key_id") @Nullable String apiKeyId,
        @JsonProperty("actor_id") @Nullable String actorId,
        @JsonProperty("source_adapter") @Nullable String sourceAdapter,
        @JsonProperty("request_id") @Nullable String requestId) {

    public static final int CURRENT_VERSION = 1;

    /** The payload of the job that turns one agent event into observations. */
    public static JobPayload forEvent(String teamId, String projectId, String eventId, @Nullable String serverSessionId,
            @Nullable String apiKeyId, @Nullable String actorId, String sourceAdapter, @Nullable String requestId) {
        String jobId = JobIds.jobId(JobKind.EVENT, teamId, projectId, eventId);
        return new JobPayload(CURRENT_VERSION, JobKind.EVENT.wireName(), teamId, projectId,
                SourceType.AGENT_EVENT.wireName(), eventId, jobId, eventId, serverSessionId, apiKeyId, actorId,
                sourceAdapter, requestId);
    }

    /** The payload of the job that turns one session's events of one debounce window into observations. */
    public static JobPayload forEventBatch(String teamId, String projectId, DebounceWindow window,
            @Nullable String apiKeyId, @Nullable String actorId, @Nullable String requestId) {
        String jobId = JobIds.jobId(JobKind.EVENT_BATCH, teamId, projectId, window.sourceId());
        return new JobPayload(CURRENT_VERSION, JobKind.EVENT_BATCH.wireName(), teamId, projectId,
                SourceType.EVENT_BATCH.wireName(), window.sourceId(), jobId, null, window.sessionId(), apiKeyId,
                actorId, null, requestId);
    }

    /** The payload of the job that summarises one session once it has ended. */
    public static JobPayload forSummary(String teamId, String projectId, String sessionId, @Nullable String apiKeyId,
            @Nullable String actorId, @Nullable String requestId) {
        String jobId = JobIds.jobId(JobKind.SUMMARY, teamId, projectId, sessionId);
        return new JobPayload(CURRENT_VERSION, JobKind.SUMMARY.wireName(), teamId, projectId,
                SourceType.SESSION_SUMMARY.wireName(), sessionId, jobId, null, sessionId, apiKeyId, actorId, null,
                requestId);
    }

    /**
     * The payload of the job that recomputes the search rows and embeddings of one scope of a project's
     * observations; {@code actorId} is the operator who asked.
     */
    public static JobPayload forReindex(String teamId, String projectId, ReindexScope scope, @Nullable String actorId,
            @Nullable String requestId) {
        String jobId = JobIds.jobId(JobKind.REINDEX, teamId, projectId, scope.sourceId());
        return new JobPayload(CURRENT_VERSION, JobKind.REINDEX.wireName(), teamId, projectId,
                SourceType.OBSERVATION_REINDEX.wireName(), scope.sourceId(), jobId, null, null, null, actorId, null,
                requestId);
    }

    public JobKind jobKind() {
        return JobKind.fromWireName(kind);
    }
}
