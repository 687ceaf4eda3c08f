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
import dev.engram.core.store.GenerationJob;
import dev.engram.core.store.JobDelivery;
import dev.engram.core.store.JobDelivery.ClaimedJob;
import dev.engram.core.store.ObservationWriter;
import dev.engram.generation.event.SourceEvents;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Processes one {@code event} job (one event) or {@code event-batch} job (a session's debounce window).
 * The record is only a hint: {@link JobDelivery} reloads and claims the job, this class reloads its
 * events from Postgres, calls the provider, and writes the observations with the job's completion in
 * one transaction; re-processing writes nothing new.
 */
@Service
class EventJobProcessor {

    private static final Logger log = LoggerFactory.getLogger(EventJobProcessor.class);
    private static final String SOURCE_TYPE = "agent_event";
    private static final Set<String> JOB_TYPES = Set.of(JobKind.EVENT.wireName(), JobKind.EVENT_BATCH.wireName());

    private final JobDelivery delivery;
    private final SourceEvents events;
    private final ObservationWriter observations;
    private final ObservationProvider provider;

    EventJobProcessor(JobDelivery delivery, SourceEvents events, ObservationWriter observations,
            ObservationProvider provider) {
        this.delivery = delivery;
        this.events = events;
        this.observations = observations;
        this.provider = provider;
    }

    void process(JobPayload hint) {
        delivery.claim(hint, JOB_TYPES, job -> { }).ifPresent(this::run);
    }

    private void run(ClaimedJob claim) {
        GenerationJob job = claim.job();
        List<PromptEvent> sources = sources(job);
        if (sources.isEmpty()) {
            delivery.failForGood(claim, "source events are missing", "non_retryable", failed -> { });
            return;
        }
        Answer answer;
        try {
            answer = generate(sources);
        } catch (ProviderException e) {
            if (e.retryable()) {
                delivery.retryOrFail(claim, e, "retryable", retried -> { }, failed -> { });
            } else {
                delivery.failForGood(claim, e.getMessage(), "non_retryable", failed -> { });
            }
            return;
        } catch (AnswerParseException e) {
            delivery.retryOrFail(claim, e, "parse_failure", retried -> { }, failed -> { });
            return;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("observations", answer.observations().size());
        details.put("provider", provider.name());
        if (answer.skipReason() != null) {
            details.put("skipped", answer.skipReason());
        }
        List<String> sourceIds = sources.stream().map(PromptEvent::id).toList();
        if (delivery.complete(claim, details,
                held -> observations.write(held, answer.observations(), SOURCE_TYPE, sourceIds))) {
            log.debug("job {} completed with {} observation(s)", job.id(), answer.observations().size());
        }
    }

    private Answer generate(List<PromptEvent> sources) {
        Optional<String> prompt = PromptBuilder.observationPrompt(sources);
        if (prompt.isEmpty()) {
            return new Answer(List.of(), "nothing left after removing private content");
        }
        ProviderAnswer answer = ObservationXmlParser.parse(provider.generate(prompt.get()));
        if (answer instanceof ProviderAnswer.Skip skip) {
            return new Answer(List.of(), skip.reason());
        }
        return new Answer(((ProviderAnswer.Observations) answer).observations(), null);
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

    private record Answer(List<ParsedObservation> observations, @Nullable String skipReason) {
    }
}
