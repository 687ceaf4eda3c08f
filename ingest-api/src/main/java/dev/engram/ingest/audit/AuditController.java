package dev.engram.ingest.audit;

import dev.engram.core.audit.AuditEntry;
import dev.engram.core.audit.AuditFilter;
import dev.engram.core.key.Scope;
import dev.engram.ingest.api.ApiException;
import dev.engram.ingest.api.ValidationIssue;
import dev.engram.ingest.auth.ApiKeyPrincipal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /v1/audit}: the audit trail of the key's team (a project key: its project), newest first, for a key
 * with the admin scope.
 */
@RestController
class AuditController {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;

    private final AuditLog audit;
    private final JsonMapper mapper;

    AuditController(AuditLog audit, JsonMapper mapper) {
        this.audit = audit;
        this.mapper = mapper;
    }

    @GetMapping("/v1/audit")
    Mono<Page> list(@RequestParam MultiValueMap<String, String> params, ApiKeyPrincipal key) {
        if (!key.allows(Scope.ADMIN)) {
            return Mono.error(new ApiException.Forbidden("the audit trail needs the admin scope"));
        }
        List<ValidationIssue> issues = new ArrayList<>();
        Instant since = instant(params, "since", issues);
        Instant until = instant(params, "until", issues);
        int limit = integer(params, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT, issues);
        int offset = integer(params, "offset", 0, 0, 100_000, issues);
        if (!issues.isEmpty()) {
            return Mono.error(new ApiException.ValidationFailed(issues));
        }
        List<String> actions = params.getOrDefault("action", List.of()).stream()
                .flatMap(v -> Arrays.stream(v.split(","))).map(String::trim).filter(v -> !v.isEmpty()).toList();
        AuditFilter filter = new AuditFilter(key.teamId(), key.projectId(), actions.isEmpty() ? null : actions,
                params.getFirst("resourceId"), since, until, limit, offset);
        return audit.list(filter).map(this::view).collectList().map(entries -> new Page(entries, limit, offset));
    }

    private Entry view(AuditEntry entry) {
        return new Entry(entry.id(), entry.teamId(), entry.projectId(), entry.actorId(), entry.apiKeyId(),
                entry.action(), entry.resourceType(), entry.resourceId(), entry.requestId(),
                mapper.readTree(entry.detailsJson()), entry.createdAt().toEpochMilli());
    }

    private static @Nullable Instant instant(MultiValueMap<String, String> params, String name,
            List<ValidationIssue> issues) {
        String text = params.getFirst(name);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            issues.add(ValidationIssue.at(name, "must be an ISO-8601 instant such as 2026-12-01T00:00:00Z"));
            return null;
        }
    }

    private static int integer(MultiValueMap<String, String> params, String name, int fallback, int min, int max,
            List<ValidationIssue> issues) {
        String text = params.getFirst(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value < min || value > max) {
                issues.add(ValidationIssue.at(name, "must be between " + min + " and " + max));
                return fallback;
            }
            return value;
        } catch (NumberFormatException e) {
            issues.add(ValidationIssue.at(name, "must be an integer"));
            return fallback;
        }
    }

    /** One audit row on the wire; times as epoch ms. */
    record Entry(long id, @Nullable String teamId, @Nullable String projectId, @Nullable String actorId,
            @Nullable String apiKeyId, String action, @Nullable String resourceType, @Nullable String resourceId,
            @Nullable String requestId, JsonNode details, long createdAtEpoch) {
    }

    /** {@code {"entries": [...], "limit", "offset"}}, newest first. */
    record Page(List<Entry> entries, int limit, int offset) {
    }
}
