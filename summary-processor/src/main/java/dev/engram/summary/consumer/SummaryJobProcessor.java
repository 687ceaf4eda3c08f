package dev.engram.summary.consumer;

import dev.engram.core.job.JobKind;
import dev.engram.core.job.JobPayload;
import dev.engram.core.observation.AnswerParseException;
import dev.engram.core.observation.ParsedSummary;
import dev.engram.core.observation.SummaryAnswer;
import dev.engram.core.observation.SummaryXmlParser;
import dev.engram.core.prompt.PromptBuilder;
import dev.engram.core.provider.ObservationProvider;
import dev.engram.core.provider.ProviderException;
import dev.engram.core.store.GenerationJob;
import dev.engram.core.store.GenerationJobStore;
import dev.engram.core.store.JobFailedPermanently;
import dev.engram.core.store.RetryScheduled;
import dev.engram.core.store.ScopeViolationAudit;
import dev.engram.core.store.ObservationWriter;
import dev.engram.summary.config.SummarySettings;
import dev.engram.summary.session.Session;
import dev.engram.summary.session.SessionHistory;
import dev.engram.summary.session.Sessions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Processes one {@code summary} job. The record is only a hint: the job is reloaded from Postgres, the
 * record's tenant must match the row, and the job is claimed with a conditional update before the session
 * is read and the provider called. The summary, the job's completion and the session's generation status
 * are written in one transaction; re-processing writes nothing new.
 */
@Service
class SummaryJobProcessor {

    private static final Logger log = LoggerFactory.getLogger(SummaryJobProcessor.class);
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final GenerationJobStore jobs;
    private final Sessions sessions;
    private final SessionHistory history;
    private final ObservationWriter observations;
    private final ObservationProvider provider;
    private final ScopeViolationAudit scopeViolations;
    private final TransactionTemplate transactions;
    private final SummarySettings settings;

    SummaryJobProcessor(GenerationJobStore jobs, Sessions sessions, SessionHistory history,
            ObservationWriter observations, ObservationProvider provider, ScopeViolationAudit scopeViolations,
            TransactionTemplate transactions, SummarySettings settings) {
        this.jobs = jobs;
        this.sessions = sessions;
        this.history = history;
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
        if (!JobKind.SUMMARY.wireName().equals(job.jobType())) {
            log.error("job {} is a {} job, not a summary; record dropped", job.id(), job.jobType());
            return;
        }
        UUID token = UUID.randomUUID();
        Optional<GenerationJob> claimed = transactions.execute(tx -> {
            Optional<GenerationJob> held = jobs.claim(job.id(), token, settings.processingLease());
            held.filter(j -> j.serverSessionId() != null).ifPresent(j ->
                    sessions.markProcessing(j.serverSessionId(), j.teamId(), j.projectId()));
            return held;
        });
        if (claimed == null || claimed.isEmpty()) {
            log.debug("job {} is {} and not claimable; duplicate delivery ignored", job.id(), job.status());
            return;
        }
        run(claimed.get(), token);
    }

    private void run(GenerationJob job, UUID token) {
        Session session = job.serverSessionId() == null ? null
                : sessions.find(job.serverSessionId(), job.teamId(), job.projectId()).orElse(null);
        if (session == null) {
            failForGood(job, token, "session is missing", "non_retryable");
            return;
        }
        ParsedSummary summary = null;
        String skipReason = null;
        try {
            Optional<String> prompt = PromptBuilder.summaryPrompt(history.events(session),
                    history.observationContents(session));
            if (prompt.isEmpty()) {
                skipReason = "nothing left after removing private content";
            } else {
                SummaryAnswer answer = SummaryXmlParser.parseSummary(provider.generate(prompt.get()));
                if (answer instanceof SummaryAnswer.Summary written) {
                    summary = written.summary();
                } else {
                    skipReason = ((SummaryAnswer.Skip) answer).reason();
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
        complete(job, token, session, summary, skipReason);
    }

    private void complete(GenerationJob job, UUID token, Session session, @Nullable ParsedSummary summary,
            @Nullable String skipReason) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("summaries", summary == null ? 0 : 1);
        details.put("provider", provider.name());
        if (skipReason != null) {
            details.put("skipped", skipReason);
        }
        Boolean completed = transactions.execute(tx -> {
            boolean inserted = summary != null
                    && observations.writeSummary(job, summary, session.id().toString());
            details.put("inserted", inserted ? 1 : 0);
            if (!jobs.complete(job, token, MAPPER.writeValueAsString(details))) {
                // Cancelled or taken over while the provider ran: leave no trace of this attempt.
                tx.setRollbackOnly();
                return false;
            }
            sessions.markGenerated(session.id(), session.teamId(), session.projectId());
            return true;
        });
        if (Boolean.TRUE.equals(completed)) {
            log.debug("job {} completed {}", job.id(), summary == null ? "without a summary" : "with a summary");
        } else {
            log.info("job {} lost its claim while summarising; results discarded", job.id());
        }
    }

    private void retryOrFail(GenerationJob job, UUID token, Exception cause, String classification) {
        if (job.attempts() >= job.maxAttempts()) {
            failForGood(job, token, cause.getMessage(), classification);
            return;
        }
        String error = error(cause.getMessage(), classification);
        transactions.executeWithoutResult(tx -> {
            UUID sessionId = job.serverSessionId();
            if (jobs.retryLater(job, token, settings.retrySchedule().delayAfter(job.attempts()), error) && sessionId != null) {
                sessions.markQueued(sessionId, job.teamId(), job.projectId());
            }
        });
        throw new RetryScheduled(job.id(), cause);
    }

    private void failForGood(GenerationJob job, UUID token, @Nullable String reason, String classification) {
        transactions.executeWithoutResult(tx -> {
            UUID sessionId = job.serverSessionId();
            if (jobs.fail(job, token, error(reason, classification)) && sessionId != null) {
                sessions.markFailed(sessionId, job.teamId(), job.projectId());
            }
        });
        throw new JobFailedPermanently(job.id(), String.valueOf(reason));
    }

    private static String error(@Nullable String reason, String classification) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("reason", reason == null ? "unknown" : reason);
        error.put("classification", classification);
        return MAPPER.writeValueAsString(error);
    }
}
