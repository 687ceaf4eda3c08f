package dev.engram.generation.consumer;

import dev.engram.core.job.DebounceWindow;
import dev.engram.core.job.JobKind;
import dev.engram.core.observation.ObservationXmlParser;
import dev.engram.core.observation.ParsedObservation;
import dev.engram.core.observation.ProviderAnswer;
import dev.engram.core.prompt.PromptBuilder;
import dev.engram.core.prompt.PromptEvent;
import dev.engram.core.store.AgentEventStore;
import dev.engram.core.store.GenerationJob;
import dev.engram.core.store.ObservationStore;
import dev.engram.core.store.ObservationStore.JobObservations;
import dev.engram.processor.Generated;
import dev.engram.processor.JobWork;
import dev.engram.processor.JobWork.Profile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Turns an {@code event} job (one event) or an {@code event-batch} job (a session's debounce window) into
 * observations: its events, reloaded from Postgres, make the observation prompt, and each observation is
 * linked to every event it was made from.
 */
@Component
class EventWork implements JobWork<List<PromptEvent>, ParsedObservation> {

    private static final Profile PROFILE = new Profile(Set.of(JobKind.EVENT, JobKind.EVENT_BATCH), "observations",
            "source events are missing");

    private final AgentEventStore events;
    private final ObservationStore observations;

    EventWork(AgentEventStore events, ObservationStore observations) {
        this.events = events;
        this.observations = observations;
    }

    @Override
    public Profile profile() {
        return PROFILE;
    }

    @Override
    public Optional<List<PromptEvent>> load(GenerationJob job) {
        List<PromptEvent> sources;
        if (job.kind() == JobKind.EVENT_BATCH) {
            sources = events.inWindow(DebounceWindow.fromSourceId(job.sourceId()), job.teamId(), job.projectId());
        } else if (job.agentEventId() != null) {
            sources = events.find(job.agentEventId(), job.teamId(), job.projectId()).map(List::of).orElse(List.of());
        } else {
            sources = List.of();
        }
        return sources.isEmpty() ? Optional.empty() : Optional.of(sources);
    }

    /** Single-event jobs read their events with one statement; a debounce window's events are read per job. */
    @Override
    public Map<String, Optional<List<PromptEvent>>> loadAll(List<GenerationJob> jobs) {
        Map<String, PromptEvent> single = events.findAll(
                jobs.stream().filter(job -> job.kind() == JobKind.EVENT).toList());
        Map<String, Optional<List<PromptEvent>>> loaded = new HashMap<>();
        for (GenerationJob job : jobs) {
            if (job.kind() == JobKind.EVENT) {
                PromptEvent event = job.agentEventId() == null ? null : single.get(job.agentEventId().toString());
                loaded.put(job.id(), Optional.ofNullable(event).map(List::of));
            } else {
                loaded.put(job.id(), load(job));
            }
        }
        return loaded;
    }

    @Override
    public Optional<String> prompt(List<PromptEvent> sources) {
        return PromptBuilder.observationPrompt(sources);
    }

    @Override
    public Generated<ParsedObservation> parse(String answer) {
        ProviderAnswer parsed = ObservationXmlParser.parse(answer);
        if (parsed instanceof ProviderAnswer.Skip skip) {
            return Generated.skipped(skip.reason());
        }
        return Generated.of(((ProviderAnswer.Observations) parsed).observations());
    }

    @Override
    public int write(GenerationJob job, List<PromptEvent> sources, List<ParsedObservation> results) {
        return observations.writeFromEvents(job, results, sources.stream().map(PromptEvent::id).toList());
    }

    @Override
    public Map<String, Integer> writeAll(List<Results<List<PromptEvent>, ParsedObservation>> batch) {
        return observations.writeAllFromEvents(batch.stream().map(each -> new JobObservations(each.job(),
                each.results(), each.sources().stream().map(PromptEvent::id).toList())).toList());
    }
}
