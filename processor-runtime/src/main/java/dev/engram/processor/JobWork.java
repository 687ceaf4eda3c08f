package dev.engram.processor;

import dev.engram.core.job.JobKind;
import dev.engram.core.job.JobStatus;
import dev.engram.core.observation.AnswerParseException;
import dev.engram.core.store.GenerationJob;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one processor does with a job, between the steps {@link JobRunner} takes for every processor:
 * which kinds it runs, how it loads the job's sources, which prompt they make, how the provider's answer
 * is parsed, and how the results are written. Everything else (claiming, tenancy, retries, failures,
 * completion, metrics) is the runner's.
 *
 * @param <S> the loaded sources of one job
 * @param <R> one result parsed from the provider's answer
 */
public interface JobWork<S, R> {

    /** Which jobs this work runs and how the runner speaks of them. */
    Profile profile();

    /** Loads the job's sources from Postgres, inside the job's own team and project; empty when gone. */
    Optional<S> load(GenerationJob job);

    /**
     * {@link #load} for a batch of jobs, by job id; the default loads them one by one, a work whose sources can be
     * read with one statement for many jobs overrides it.
     */
    default Map<String, Optional<S>> loadAll(List<GenerationJob> jobs) {
        Map<String, Optional<S>> loaded = new HashMap<>();
        jobs.forEach(job -> loaded.put(job.id(), load(job)));
        return loaded;
    }

    /**
     * The results of work that needs no provider, computed from the sources themselves (reindexing recomputes
     * stored rows); empty, the default, asks the provider with {@link #prompt} and {@link #parse}.
     */
    default Optional<Generated<R>> withoutProvider(S sources) {
        return Optional.empty();
    }

    /** The prompt the sources make; empty when nothing is left once private content is removed. */
    Optional<String> prompt(S sources);

    /**
     * Parses the provider's answer.
     *
     * @throws AnswerParseException when the answer is not one this work understands (retried, then failed)
     */
    Generated<R> parse(String answer);

    /** Writes the results inside the completion's transaction; returns how many rows were new. */
    int write(GenerationJob job, S sources, List<R> results);

    /**
     * {@link #write} for a batch of jobs inside their completion's transaction; returns how many rows were new for
     * each job id (absent: none). The default writes them one by one.
     */
    default Map<String, Integer> writeAll(List<Results<S, R>> batch) {
        Map<String, Integer> inserted = new HashMap<>();
        batch.forEach(each -> inserted.put(each.job().id(), write(each.job(), each.sources(), each.results())));
        return inserted;
    }

    /**
     * Runs inside the transaction of each of the job's transitions, with the status it moved to
     * ({@code processing} on claim, {@code queued} on a retry, {@code failed}, {@code completed}). Most work
     * has nothing to add.
     */
    default void onTransition(GenerationJob job, JobStatus status) {
    }

    /** One job's sources and the results made from them, as {@link #writeAll} takes them. */
    record Results<S, R>(GenerationJob job, S sources, List<R> results) {
    }

    /**
     * What the runner needs to know of a work besides its steps.
     *
     * @param kinds the job kinds it runs; a record naming a job of another kind is dropped
     * @param resultsName what a completed job's details call its results ({@code observations}, ...)
     * @param missingSources why a job fails for good when {@link #load} finds nothing
     */
    record Profile(Set<JobKind> kinds, String resultsName, String missingSources) {

        public Profile {
            kinds = Set.copyOf(kinds);
        }
    }
}
