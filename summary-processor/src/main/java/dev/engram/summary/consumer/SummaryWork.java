package dev.engram.summary.consumer;

import dev.engram.core.job.JobKind;
import dev.engram.core.job.JobStatus;
import dev.engram.core.observation.ParsedSummary;
import dev.engram.core.observation.SummaryAnswer;
import dev.engram.core.observation.SummaryXmlParser;
import dev.engram.core.prompt.PromptBuilder;
import dev.engram.core.prompt.PromptEvent;
import dev.engram.core.store.AgentEventStore;
import dev.engram.core.store.GenerationJob;
import dev.engram.core.store.ObservationStore;
import dev.engram.core.store.SessionStore;
import dev.engram.core.store.SessionStore.SessionRef;
import dev.engram.processor.Generated;
import dev.engram.processor.JobWork;
import dev.engram.processor.JobWork.Profile;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Turns a {@code summary} job into its session's summary: the session's events and the observations
 * already made from them make the summary prompt, and the summary is written as an observation of kind
 * {@code summary} on the session. The session's {@code generation_status} follows the job: processing
 * when claimed, queued again on a retry, failed for good, or completed.
 */
@Component
class SummaryWork implements JobWork<SummaryWork.SessionSources, ParsedSummary> {

    private static final Profile PROFILE = new Profile(Set.of(JobKind.SUMMARY), "summaries",
            "session is missing");

    private final SessionStore sessions;
    private final AgentEventStore events;
    private final ObservationStore observations;

    SummaryWork(SessionStore sessions, AgentEventStore events, ObservationStore observations) {
        this.sessions = sessions;
        this.events = events;
        this.observations = observations;
    }

    @Override
    public Profile profile() {
        return PROFILE;
    }

    @Override
    public Optional<SessionSources> load(GenerationJob job) {
        if (job.serverSessionId() == null) {
            return Optional.empty();
        }
        return sessions.find(job.serverSessionId(), job.teamId(), job.projectId()).map(session -> new SessionSources(
                session,
                events.ofSession(session.id(), session.teamId(), session.projectId()),
                observations.contentsOfSession(session.id(), session.teamId(), session.projectId())));
    }

    @Override
    public Optional<String> prompt(SessionSources sources) {
        return PromptBuilder.summaryPrompt(sources.events(), sources.observationContents());
    }

    @Override
    public Generated<ParsedSummary> parse(String answer) {
        SummaryAnswer parsed = SummaryXmlParser.parseSummary(answer);
        if (parsed instanceof SummaryAnswer.Summary written) {
            return Generated.of(List.of(written.summary()));
        }
        return Generated.skipped(((SummaryAnswer.Skip) parsed).reason());
    }

    @Override
    public int write(GenerationJob job, SessionSources sources, List<ParsedSummary> results) {
        int inserted = 0;
        for (ParsedSummary summary : results) {
            if (observations.writeSummary(job, summary, sources.session().id())) {
                inserted++;
            }
        }
        return inserted;
    }

    /** The session's {@code generation_status} moves with its summary job, in the same transaction. */
    @Override
    public void onTransition(GenerationJob job, JobStatus status) {
        if (job.serverSessionId() == null) {
            return;
        }
        SessionRef session = new SessionRef(job.serverSessionId(), job.teamId(), job.projectId());
        if (status == JobStatus.COMPLETED) {
            sessions.markGenerated(session);
        } else {
            sessions.setGenerationStatus(session, status.wireName());
        }
    }

    /** A session's row, its events in the order they occurred, and the observations made from them. */
    record SessionSources(SessionRef session, List<PromptEvent> events,
            List<String> observationContents) {
    }
}
