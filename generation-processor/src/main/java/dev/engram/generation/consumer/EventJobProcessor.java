package dev.engram.generation.consumer;

import dev.engram.core.job.DebounceWindow;
import dev.engram.core.job.JobKind;
import dev.engram.core.job.JobPayload;
import dev.engram.core.observation.AnswerParseException;
import dev.engram.core.observation.ObservationXmlParser;
import dev.engram.core.observation.ParsedObservation;
import dev.engram.core.observation.ProviderAnswer;
import dev.engram.core.prompt.PromptBuilder;
import dev.engram.core.prompt.PromptEvent;
import dev.engram.core.provider.ObservationProvider;
import dev.engram.core.provider.ProviderException;
import dev.engram.generation.config.GenerationSettings;
import dev.engram.generation.event.SourceEvents;
import dev.engram.core.store.GenerationJob;
import dev.engram.core.store.GenerationJobStore;
import dev.engram.core.store.JobFailedPermanently;
import dev.engram.core.store.RetryScheduled;
import dev.engram.core.store.ScopeViolationAudit;
import dev.engram.core.store.ObservationWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Processes one {@code event} job (one event) or {@code event-batch} job (a session's debounce window). The record is only a hint: the job and its event are reloaded from
 * Postgres, the record's tenant must match the row, and the job is claimed with a conditional update
 * before the provider is called. Observations, the job's completion and its history row are written in
 * one transaction; re-processing writes nothing new.
 */
@Service
class EventJobProcessor {

    private static final Logger log = LoggerFactory.getLogger(EventJobProcessor.class);
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final String SOURCE_TYPE = "agent_event";

    private final GenerationJobStore jobs;
    private final SourceEvents events;
    private final ObservationWriter observations;
    private final ObservationProvider provider;
    private final ScopeViolationAudit scopeViolations;
    private final TransactionTemplate transactions;
    private final GenerationSettings settings;

    EventJobProcessor(GenerationJobStore jobs, SourceEvents events, ObservationWriter observations,
            ObservationProvider provider, ScopeViolationAudit scopeViolations, TransactionTemplate transactions,
            GenerationSettings settings) {
        this.jobs = jobs;
        this.events = events;
        this.observations = observations;
        this.provider = provider;
        this.scopeViolations = scopeViolations;
        this.transactions = transactions;
        this.settings = settings;
    }

    void process(JobPayload hint) {
        Optional<GenerationJob> row = jobs.find(hint.generationJobId());
        if (row.isEmpty()) {
            log.warn("job {} not found (purged?); record dropped", hint.generationJobId());
            return;
        }
        GenerationJob job = row.get();
        if (!ScopeViolationAudit.matches(job, hint)) {
            log.error("record for job {} names tenant {}/{} but the job belongs to {}/{}; not processed",
                    job.id(), hint.teamId(), hint.projectId(), job.teamId(), job.projectId());
            scopeViolations.record(job, hint);
            return;
        }
        UUID token = UUID.randomUUID();
        Optional<GenerationJob> claimed = transactions.execute(tx -> jobs.claim(job.id(), token,
                settings.processingLease()));
        if (claimed == null || claimed.isEmpty()) {
            log.debug("job {} is {} and not claimable; duplicate delivery ignored", job.id(), job.status());
            return;
        }
        run(claimed.get(), token);
    }

    private void run(GenerationJob job, UUID token) {
        List<ParsedObservation> parsed;
        String skipReason = null;
        List<PromptEvent> sources = sources(job);
        if (sources.isEmpty()) {
            failForGood(job, token, "source events are missing", "non_retryable");
            return;
        }
        try {
            Optional<String> prompt = PromptBuilder.observationPrompt(sources);
            if (prompt.isEmpty()) {
                parsed = List.of();
                skipReason = "nothing left after removing private content";
            } else {
                ProviderAnswer answer = ObservationXmlParser.parse(provider.generate(prompt.get()));
                if (answer instanceof ProviderAnswer.Skip skip) {
                    parsed = List.of();
                    skipReason = skip.reason();
                } else {
                    parsed = ((ProviderAnswer.Observations) answer).observations();
                }
            }
        } catch (ProviderException e) {
            if (!e.retryable()) {
                failForGood(job, token, e.getMessage(), "non_retryable");
                return;
            }
            retryOrFail(job, token, e, "retryable");
            return;
        } catch (AnswerParseException e) {
            retryOrFail(job, token, e, "parse_failure");
            return;
        }
        complete(job, token, parsed, skipReason, sources.stream().map(PromptEvent::id).toList());
    }

    /** An {@code event} job's one event, or every event of an {@code event-batch} job's window. */
    private List<PromptEvent> sources(GenerationJob job) {
        if (JobKind.EVENT_BATCH.wireName().equals(job.jobType())) {
            return events.inWindow(DebounceWindow.fromSourceId(job.sourceId()), job.teamId(), job.projectId());
        }
        if (job.agentEventId() == null) {
            return List.of();
        }
        return events.find(job.agentEventId(), job.teamId(), job.projectId()).map(List::of).orElse(List.of());
    }

    private void complete(GenerationJob job, UUID token, List<ParsedObservation> parsed, String skipReason,
            List<String> sourceEventIds) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("observations", parsed.size());
        details.put("provider", provider.name());
        if (skipReason != null) {
            details.put("skipped", skipReason);
        }
        Boolean completed = transactions.execute(tx -> {
            int inserted = observations.write(job, parsed, SOURCE_TYPE, sourceEventIds);
            details.put("inserted", inserted);
            if (!jobs.complete(job, token, MAPPER.writeValueAsString(details))) {
                // Cancelled or taken over while the provider ran: leave no trace of this attempt.
                tx.setRollbackOnly();
                return false;
            }
            return true;
        });
        if (Boolean.TRUE.equals(completed)) {
            log.debug("job {} completed with {} observation(s)", job.id(), parsed.size());
        } else {
            log.info("job {} lost its claim while generating; results discarded", job.id());
        }
    }

    private void retryOrFail(GenerationJob job, UUID token, Exception cause, String classification) {
        if (job.attempts() >= job.maxAttempts()) {
            failForGood(job, token, cause.getMessage(), classification);
            return;
        }
        String error = error(cause.getMessage(), classification);
        transactions.executeWithoutResult(tx ->
                jobs.retryLater(job, token, settings.retrySchedule().delayAfter(job.attempts()), error));
        throw new RetryScheduled(job.id(), cause);
    }

    private void failForGood(GenerationJob job, UUID token, String reason, String classification) {
        transactions.executeWithoutResult(tx -> jobs.fail(job, token, error(reason, classification)));
        throw new JobFailedPermanently(job.id(), reason);
    }

    private static String error(String reason, String classification) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("reason", reason == null ? "unknown" : reason);
        error.put("classification", classification);
        return MAPPER.writeValueAsString(error);
    }
}
