package dev.engram.ingest.job;

import dev.engram.ingest.background.JobCompletions;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Holds a {@code ?wait=true} answer until a job is terminal or a deadline passes. It re-reads the job
 * (by primary key) once at the start and once {@link JobCompletions} reports it terminal (or at the
 * deadline) — never in a loop of its own.
 */
@Component
public class JobWaiter {

    private final JobCompletions completions;
    private final GenerationJobRepository jobs;

    JobWaiter(JobCompletions completions, GenerationJobRepository jobs) {
        this.completions = completions;
        this.jobs = jobs;
    }

    /** The job once terminal, or as it stands at the deadline with {@code timedOut} set. */
    public Mono<Waited> awaitTerminal(StoredJob job, Instant deadline) {
        if (job.status().isTerminal()) {
            return Mono.just(new Waited(job, false));
        }
        Duration left = Duration.between(Instant.now(), deadline);
        if (left.isNegative() || left.isZero()) {
            return Mono.just(new Waited(job, true));
        }
        // Watching starts before the first re-read, so no completion falls between.
        Flux<Object> triggers = Flux.merge(completions.finished(job.id()), Mono.just("start"));
        return triggers
                .concatMap(trigger -> jobs.findById(job.id(), job.teamId(), job.projectId()))
                .filter(current -> current.status().isTerminal())
                .next()
                .map(current -> new Waited(current, false))
                .timeout(left, Mono.defer(() -> jobs.findById(job.id(), job.teamId(), job.projectId())
                        .defaultIfEmpty(job)
                        .map(current -> new Waited(current, true))));
    }

    /** A job after waiting, and whether the deadline cut the wait short. */
    public record Waited(StoredJob job, boolean timedOut) {
    }
}
