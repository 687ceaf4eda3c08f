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
import dev.engram.core.store.JobDelivery;
import dev.engram.core.store.JobDelivery.ClaimedJob;
import dev.engram.core.store.ObservationWriter;
import dev.engram.summary.session.Session;
import dev.engram.summary.session.SessionHistory;
import dev.engram.summary.session.Sessions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Processes one {@code summary} job. {@link JobDelivery} reloads and claims the job; this class loads the
 * session, its events and its observations from Postgres, asks the provider for a summary, and writes
 * it, the job's completion and the session's generation status in one transaction. The session's status
 * follows the job: processing when claimed, queued again on a retry, failed for good, or completed.
 */
@Service
class SummaryJobProcessor {

    private static final Logger log = LoggerFactory.getLogger(SummaryJobProcessor.class);
    private static final Set<String> JOB_TYPES = Set.of(JobKind.SUMMARY.wireName());

    private final JobDelivery delivery;
    private final Sessions sessions;
    private final SessionHistory history;
    private final ObservationWriter observations;
    private final ObservationProvider provider;

    SummaryJobProcessor(JobDelivery delivery, Sessions sessions, SessionHistory history,
            ObservationWriter observations, ObservationProvider provider) {
        this.delivery = delivery;
        this.sessions = sessions;
        this.history = history;
        this.observations = observations;
        this.provider = provider;
    }

    void process(JobPayload hint) {
        delivery.claim(hint, JOB_TYPES, sessionStatus(Sessions.Status.PROCESSING)).ifPresent(this::run);
    }

    private void run(ClaimedJob claim) {
        GenerationJob job = claim.job();
        Session session = job.serverSessionId() == null ? null
                : sessions.find(job.serverSessionId(), job.teamId(), job.projectId()).orElse(null);
        Consumer<GenerationJob> failed = sessionStatus(Sessions.Status.FAILED);
        if (session == null) {
            delivery.failForGood(claim, "session is missing", "non_retryable", failed);
            return;
        }
        Answer answer;
        try {
            answer = summarise(session);
        } catch (ProviderException e) {
            if (e.retryable()) {
                delivery.retryOrFail(claim, e, "retryable", sessionStatus(Sessions.Status.QUEUED), failed);
            } else {
                delivery.failForGood(claim, e.getMessage(), "non_retryable", failed);
            }
            return;
        } catch (AnswerParseException e) {
            delivery.retryOrFail(claim, e, "parse_failure", sessionStatus(Sessions.Status.QUEUED), failed);
            return;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("summaries", answer.summary() == null ? 0 : 1);
        details.put("provider", provider.name());
        if (answer.skipReason() != null) {
            details.put("skipped", answer.skipReason());
        }
        boolean completed = delivery.complete(claim, details, held -> {
            boolean inserted = answer.summary() != null
                    && observations.writeSummary(held, answer.summary(), session.id().toString());
            sessions.markGenerated(session.id(), session.teamId(), session.projectId());
            return inserted ? 1 : 0;
        });
        if (completed) {
            log.debug("job {} completed {}", job.id(), answer.summary() == null ? "without a summary" : "with a summary");
        }
    }

    private Answer summarise(Session session) {
        Optional<String> prompt = PromptBuilder.summaryPrompt(history.events(session),
                history.observationContents(session));
        if (prompt.isEmpty()) {
            return new Answer(null, "nothing left after removing private content");
        }
        SummaryAnswer answer = SummaryXmlParser.parseSummary(provider.generate(prompt.get()));
        if (answer instanceof SummaryAnswer.Summary written) {
            return new Answer(written.summary(), null);
        }
        return new Answer(null, ((SummaryAnswer.Skip) answer).reason());
    }

    /** Moves the job's session to {@code status}, inside the transaction of the job's own transition. */
    private Consumer<GenerationJob> sessionStatus(Sessions.Status status) {
        return job -> {
            if (job.serverSessionId() != null) {
                sessions.mark(job.serverSessionId(), job.teamId(), job.projectId(), status);
            }
        };
    }

    private record Answer(@Nullable ParsedSummary summary, @Nullable String skipReason) {
    }
}
