package dev.engram.ingest.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.engram.core.job.JobStatus;
import dev.engram.core.job.SourceType;
import dev.engram.core.lane.Lane;
import dev.engram.ingest.api.ApiException;
import dev.engram.ingest.api.ValidationIssue;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.util.MultiValueMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The query and answer shapes of the job listings ({@code GET /v1/jobs} and its project and team forms). */
final class JobListing {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    private static final Set<String> STATUSES = Arrays.stream(JobStatus.values()).map(JobStatus::wireName)
            .collect(Collectors.toSet());
    private static final Set<String> SOURCE_TYPES = Arrays.stream(SourceType.values()).map(SourceType::wireName)
            .collect(Collectors.toSet());
    private static final Set<String> LANES = Arrays.stream(Lane.values()).map(Lane::wireName)
            .collect(Collectors.toSet());

    private JobListing() {
    }

    /** What the query string asks for: filters, page, and whether payloads are wanted. */
    record Query(@Nullable List<String> statuses, @Nullable List<String> sourceTypes, @Nullable List<String> lanes,
            @Nullable Instant since, int limit, int offset, boolean includePayload) {

        GenerationJobRepository.JobQuery in(String teamId, @Nullable String projectId) {
            return new GenerationJobRepository.JobQuery(teamId, projectId, statuses, sourceTypes, lanes, since, limit,
                    offset);
        }
    }

    /**
     * Reads the query string as claude-mem does: {@code limit} clamped to 1..200 (default 50), unknown
     * {@code status} and {@code source_type} values ignored (comma-separated lists are accepted), {@code since}
     * an ISO-8601 instant; {@code lane} (Engram's) filters by lane. A malformed number or time is a 400 naming
     * the field.
     */
    static Query parse(MultiValueMap<String, String> params) {
        List<ValidationIssue> issues = new ArrayList<>();
        int limit = integer(params, "limit", DEFAULT_LIMIT, issues);
        int offset = integer(params, "offset", 0, issues);
        if (offset < 0) {
            issues.add(ValidationIssue.at("offset", "must be 0 or more"));
        }
        Instant since = null;
        String sinceText = params.getFirst("since");
        if (sinceText != null && !sinceText.isBlank()) {
            try {
                since = Instant.parse(sinceText);
            } catch (DateTimeParseException e) {
                issues.add(ValidationIssue.at("since", "must be an ISO-8601 instant such as 2026-12-01T00:00:00Z"));
            }
        }
        if (!issues.isEmpty()) {
            throw new ApiException.ValidationFailed(issues);
        }
        List<String> sourceTypes = known(params, SOURCE_TYPES, "source_type", "sourceType");
        return new Query(known(params, STATUSES, "status"), sourceTypes, known(params, LANES, "lane"), since,
                Math.max(1, Math.min(MAX_LIMIT, limit)), offset,
                values(params, "include").contains("payload"));
    }

    private static int integer(MultiValueMap<String, String> params, String name, int fallback,
            List<ValidationIssue> issues) {
        String text = params.getFirst(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            issues.add(ValidationIssue.at(name, "must be an integer"));
            return fallback;
        }
    }

    /** The known values given under any of {@code names}; null (no filter) when none is known. */
    private static @Nullable List<String> known(MultiValueMap<String, String> params, Set<String> known,
            String... names) {
        List<String> values = new ArrayList<>();
        for (String name : names) {
            values(params, name).stream().filter(known::contains).forEach(values::add);
        }
        return values.isEmpty() ? null : List.copyOf(values);
    }

    private static List<String> values(MultiValueMap<String, String> params, String name) {
        List<String> raw = params.get(name);
        if (raw == null) {
            return List.of();
        }
        return raw.stream().flatMap(v -> Arrays.stream(v.split(","))).map(String::trim).filter(v -> !v.isEmpty())
                .toList();
    }

    /**
     * One job in a listing, in claude-mem's shape plus {@code lane}; {@code payload} only when asked for (and
     * allowed).
     */
    record Item(String id, String projectId, String teamId, String sourceType, String sourceId, String status,
            int attempts, int maxAttempts, long createdAtEpoch, @Nullable Long completedAtEpoch,
            @Nullable Long failedAtEpoch, @Nullable JsonNode lastError, String lane,
            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable JsonNode payload) {

        static Item of(GenerationJobRepository.ListedJob listed, boolean withPayload, JsonMapper mapper) {
            StoredJob job = listed.job();
            return new Item(job.id(), job.projectId(), job.teamId(), job.sourceType().wireName(), job.sourceId(),
                    job.status().wireName(), job.attempts(), job.maxAttempts(), job.createdAt().toEpochMilli(),
                    job.completedAt() == null ? null : job.completedAt().toEpochMilli(),
                    job.failedAt() == null ? null : job.failedAt().toEpochMilli(),
                    job.lastErrorJson() == null ? null : mapper.readTree(job.lastErrorJson()), listed.lane(),
                    withPayload ? mapper.readTree(listed.payloadJson()) : null);
        }
    }

    /** {@code {"jobs": [...], "total", "limit", "offset"}}, newest first. */
    record Page(List<Item> jobs, long total, int limit, int offset) {
    }
}
