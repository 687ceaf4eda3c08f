package dev.engram.ingest.job;

import dev.engram.core.key.Scope;
import dev.engram.core.lane.Lane;
import dev.engram.ingest.api.ApiException;
import dev.engram.ingest.api.BodyFields;
import dev.engram.ingest.api.JsonBodies;
import dev.engram.ingest.api.RequestIds;
import dev.engram.ingest.api.TraceContext;
import dev.engram.ingest.auth.ApiKeyPrincipal;
import dev.engram.ingest.project.ProjectAccess;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Jobs of the key's team and project: one job, listings, and an operator's retry and cancel (claude-mem's
 * routes and shapes).
 */
@RestController
class JobController {

    /** The longest one bulk requeue call may take, paced as it is. */
    static final int MAX_REQUEUE_SECONDS = 60;

    private final GenerationJobRepository jobs;
    private final JobOperations operations;
    private final ProjectAccess projects;
    private final JsonBodies bodies;
    private final JsonMapper mapper;
    private final TraceContext traceContext;

    JobController(GenerationJobRepository jobs, JobOperations operations, ProjectAccess projects, JsonBodies bodies,
            JsonMapper mapper, TraceContext traceContext) {
        this.jobs = jobs;
        this.traceContext = traceContext;
        this.bodies = bodies;
        this.operations = operations;
        this.projects = projects;
        this.mapper = mapper;
    }

    @GetMapping("/v1/jobs/{id}")
    Mono<JobView.Response> job(@PathVariable String id, ApiKeyPrincipal key) {
        return jobs.findById(id, key.teamId(), key.projectId())
                .switchIfEmpty(Mono.error(() -> new ApiException.NotFound("Generation job")))
                .map(job -> new JobView.Response(JobView.of(job, mapper)));
    }

    /** The key's team's jobs (only its project's for a project key), newest first. */
    @GetMapping("/v1/jobs")
    Mono<JobListing.Page> list(@RequestParam MultiValueMap<String, String> params, ApiKeyPrincipal key) {
        return page(key, JobListing.parse(params), key.projectId());
    }

    /**
     * One project's jobs. A project in the path that the key may not read is a 404, whether it is another team's or,
     * for a project key, a sibling (as for every id in a path; a 403 is for a project named in a body).
     */
    @GetMapping("/v1/projects/{projectId}/jobs")
    Mono<JobListing.Page> projectJobs(@PathVariable String projectId,
            @RequestParam MultiValueMap<String, String> params, ApiKeyPrincipal key) {
        JobListing.Query query = JobListing.parse(params);
        return projects.requireReadableInPath(key, projectId).then(Mono.defer(() -> page(key, query, projectId)));
    }

    /** The team's jobs: another team's id is a 404; a project key sees only its project's. */
    @GetMapping("/v1/teams/{teamId}/jobs")
    Mono<JobListing.Page> teamJobs(@PathVariable String teamId, @RequestParam MultiValueMap<String, String> params,
            ApiKeyPrincipal key) {
        if (!teamId.equals(key.teamId())) {
            return Mono.error(new ApiException.NotFound("Team"));
        }
        return page(key, JobListing.parse(params), key.projectId());
    }

    @PostMapping("/v1/jobs/{id}/retry")
    Mono<RetryResponse> retry(@PathVariable String id, ApiKeyPrincipal key, ServerWebExchange exchange) {
        String requestId = RequestIds.of(exchange);
        return operations.retry(key, id, requestId, traceContext.current(exchange)).map(retry -> new RetryResponse(
                JobView.of(retry.job(), mapper), retry.retriedCount(), retry.alreadyQueued(), requestId));
    }

    @PostMapping("/v1/jobs/{id}/cancel")
    Mono<CancelResponse> cancel(@PathVariable String id, ApiKeyPrincipal key, ServerWebExchange exchange) {
        String requestId = RequestIds.of(exchange);
        return operations.cancel(key, id, requestId).map(cancel -> new CancelResponse(
                JobView.of(cancel.job(), mapper), cancel.alreadyCancelled(), requestId));
    }

    /**
     * An operator's bulk requeue of the failed jobs the body selects, inside the key's scope: needs the admin
     * scope; paced at {@code perSecond} (1..100, default 20), at most {@code limit} (1..1000, default 100, and at
     * most 60 s worth of {@code perSecond}) jobs per call, so one call lasts at most a minute; call again for the
     * next ones.
     */
    @PostMapping("/v1/jobs/requeue")
    Mono<RequeueResponse> requeue(@RequestBody(required = false) @Nullable String body, ApiKeyPrincipal key,
            ServerWebExchange exchange) {
        if (!key.allows(Scope.ADMIN)) {
            return Mono.error(new ApiException.Forbidden("a bulk requeue needs the admin scope"));
        }
        BodyFields fields = BodyFields.of(bodies.read(body == null || body.isBlank() ? "{}" : body), List.of(), 500);
        String lane = fields.optionalString("lane");
        if (lane != null && Arrays.stream(Lane.values()).noneMatch(l -> l.wireName().equals(lane))) {
            fields.issue("lane", "must be one of event, event-batch, summary, reindex");
        }
        long since = fields.optionalLong("sinceEpoch", 0, Long.MAX_VALUE, -1);
        long until = fields.optionalLong("untilEpoch", 0, Long.MAX_VALUE, -1);
        String error = fields.optionalString("errorContains");
        int limit = (int) fields.optionalLong("limit", 1, 1000, 100);
        int perSecond = (int) fields.optionalLong("perSecond", 1, 100, 20);
        if (!fields.hasIssues() && limit > MAX_REQUEUE_SECONDS * perSecond) {
            fields.issue("limit", "must be at most " + MAX_REQUEUE_SECONDS + " × perSecond (" + perSecond
                    + "), so that one call lasts at most " + MAX_REQUEUE_SECONDS + " s; call again for the next ones");
        }
        fields.throwIfInvalid();
        String requestId = RequestIds.of(exchange);
        return operations.requeue(key, new JobOperations.RequeueQuery(lane,
                        since < 0 ? null : Instant.ofEpochMilli(since), until < 0 ? null : Instant.ofEpochMilli(until),
                        error, limit, perSecond), requestId)
                .map(done -> new RequeueResponse(done.matched(), done.requeued(), done.jobIds(), requestId));
    }

    /** {@code {"matched", "requeued", "jobIds", "requestId"}}. */
    record RequeueResponse(int matched, int requeued, List<String> jobIds, String requestId) {
    }

    private Mono<JobListing.Page> page(ApiKeyPrincipal key, JobListing.Query query, @Nullable String projectId) {
        if (query.includePayload() && !key.allows(Scope.ADMIN)) {
            return Mono.error(new ApiException.Forbidden("include=payload needs the admin scope"));
        }
        GenerationJobRepository.JobQuery selected = query.in(key.teamId(), projectId);
        return Mono.zip(jobs.list(selected).map(job -> JobListing.Item.of(job, query.includePayload(), mapper))
                                .collectList(), jobs.count(selected))
                .map(found -> new JobListing.Page(found.getT1(), found.getT2(), query.limit(), query.offset()));
    }

    /** {@code {"generationJob", "retriedCount", "alreadyQueued", "requestId"}}. */
    record RetryResponse(JobView generationJob, int retriedCount, boolean alreadyQueued, String requestId) {
    }

    /** {@code {"generationJob", "alreadyCancelled", "requestId"}}. */
    record CancelResponse(JobView generationJob, boolean alreadyCancelled, String requestId) {
    }
}
