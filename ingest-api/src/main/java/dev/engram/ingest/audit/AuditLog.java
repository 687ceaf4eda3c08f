package dev.engram.ingest.audit;

import dev.engram.core.audit.AuditEntry;
import dev.engram.core.audit.AuditFilter;
import dev.engram.core.sql.AuditLogSql;
import dev.engram.ingest.auth.ApiKeyPrincipal;
import dev.engram.ingest.sql.Params;
import io.r2dbc.postgresql.codec.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The reactive owner of {@code audit_log} (its SQL is {@link AuditLogSql}). Appends audit rows, in one of two
 * ways: {@link #append} inside the transaction of the write it describes
 * (one commit, and the row exists exactly when the write does), or {@link #record} after the fact, where a
 * failure to audit is logged and swallowed so that it never fails the request it describes.
 */
@Component
public class AuditLog {

    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

    private final DatabaseClient db;

    AuditLog(DatabaseClient db) {
        this.db = db;
    }

    /** Writes the row in the caller's transaction: when it cannot be written, the transaction fails. */
    public Mono<Void> append(ApiKeyPrincipal key, @Nullable String projectId, String action, String resourceType,
            String resourceId, String requestId, ObjectNode details) {
        details.put("requestId", requestId);
        return db.sql(AuditLogSql.INSERT)
                .bind("team", key.teamId())
                .bind("project", Params.nullable(projectId, String.class))
                .bind("actor", Params.nullable(key.actorId(), String.class))
                .bind("key", UUID.fromString(key.keyId()))
                .bind("action", action)
                .bind("resourceType", resourceType)
                .bind("resourceId", resourceId)
                .bind("requestId", requestId)
                .bind("details", Json.of(details.toString()))
                .then();
    }

    /** Writes many rows in one statement, in the caller's transaction; nothing when {@code entries} is empty. */
    public Mono<Void> appendAll(List<Entry> entries) {
        if (entries.isEmpty()) {
            return Mono.empty();
        }
        ArrayNode rows = JsonNodeFactory.instance.arrayNode();
        for (Entry entry : entries) {
            entry.details().put("requestId", entry.requestId());
            rows.addObject()
                    .put("team", entry.key().teamId())
                    .put("project", entry.projectId())
                    .put("actor", entry.key().actorId())
                    .put("api_key", entry.key().keyId())
                    .put("action", entry.action())
                    .put("resource_type", entry.resourceType())
                    .put("resource_id", entry.resourceId())
                    .put("request_id", entry.requestId())
                    .put("ord", rows.size())
                    .set("details", entry.details());
        }
        return db.sql(AuditLogSql.INSERT_ALL).bind("rows", Json.of(rows.toString())).then();
    }

    /** One audit row to {@link #appendAll}. */
    public record Entry(ApiKeyPrincipal key, @Nullable String projectId, String action, String resourceType,
            String resourceId, String requestId, ObjectNode details) {
    }

    /** Writes many rows after the fact, in one statement; a failure is logged and the requests go on. */
    public Mono<Void> recordAll(List<Entry> entries) {
        return appendAll(entries).onErrorResume(e -> {
            log.warn("could not write {} audit rows (the first: {} on {} {}, request {})", entries.size(),
                    entries.get(0).action(), entries.get(0).resourceType(), entries.get(0).resourceId(),
                    entries.get(0).requestId(), e);
            return Mono.empty();
        });
    }

    /** Writes the row on its own after the fact; a failure is logged and the request goes on. */
    public Mono<Void> record(ApiKeyPrincipal key, @Nullable String projectId, String action, String resourceType,
            String resourceId, String requestId, ObjectNode details) {
        return append(key, projectId, action, resourceType, resourceId, requestId, details)
                .onErrorResume(e -> {
                    log.warn("could not audit {} on {} {} (request {})", action, resourceType, resourceId, requestId, e);
                    return Mono.empty();
                });
    }

    /** A page of the team's audit rows ({@code filter.teamId()}, never null here), newest first. */
    public Flux<AuditEntry> list(AuditFilter filter) {
        return db.sql(AuditLogSql.LIST)
                .bind("team", Objects.requireNonNull(filter.teamId(), "the API lists one team's audit"))
                .bind("project", Params.nullable(filter.projectId(), String.class))
                .bind("actions", Params.nullable(filter.actions() == null ? null
                        : filter.actions().toArray(String[]::new), String[].class))
                .bind("resourceId", Params.nullable(filter.resourceId(), String.class))
                .bind("since", Params.nullable(filter.since(), Instant.class))
                .bind("until", Params.nullable(filter.until(), Instant.class))
                .bind("limit", filter.limit())
                .bind("offset", filter.offset())
                .map((row, meta) -> new AuditEntry(row.get("id", Long.class), row.get("team_id", String.class),
                        row.get("project_id", String.class), row.get("actor_id", String.class),
                        row.get("api_key_id", String.class), row.get("action", String.class),
                        row.get("resource_type", String.class), row.get("resource_id", String.class),
                        row.get("request_id", String.class), row.get("details", String.class),
                        row.get("created_at", Instant.class)))
                .all();
    }

    /** Per action, the team's (or project's) audit rows since {@code since}, and the events batches carried. */
    public Mono<Map<String, ActionCount>> countActionsSince(String teamId, @Nullable String projectId, Instant since) {
        return db.sql(AuditLogSql.COUNT_ACTIONS_SINCE)
                .bind("team", teamId)
                .bind("project", Params.nullable(projectId, String.class))
                .bind("since", since)
                .map((row, meta) -> new ActionCount(row.get("action", String.class), row.get("n", Long.class),
                        row.get("items", Long.class)))
                .all()
                .collectMap(ActionCount::action);
    }

    /** How many audit rows an action has, and the events its batch rows carried. */
    public record ActionCount(String action, long rows, long items) {
    }
}
