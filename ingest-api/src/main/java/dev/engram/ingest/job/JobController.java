package dev.engram.ingest.job;

import dev.engram.ingest.api.ApiException;
import dev.engram.ingest.auth.ApiKeyPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Job reads, scoped to the key's team and project. */
@RestController
class JobController {

    private final GenerationJobRepository jobs;
    private final JsonMapper mapper;

    JobController(GenerationJobRepository jobs, JsonMapper mapper) {
        this.jobs = jobs;
        this.mapper = mapper;
    }

    @GetMapping("/v1/jobs/{id}")
    Mono<JobView.Response> job(@PathVariable String id, ApiKeyPrincipal key) {
        return jobs.findById(id, key.teamId(), key.projectId())
                .switchIfEmpty(Mono.error(() -> new ApiException.NotFound("Generation job")))
                .map(job -> new JobView.Response(JobView.of(job, mapper)));
    }
}
