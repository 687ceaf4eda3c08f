package dev.engram.core.job;

import dev.engram.core.json.CanonicalJson;
import dev.engram.core.key.Sha256;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Deterministic, colon-free job ids: the kind's prefix plus the hex SHA-256 of the canonical JSON
 * {@code {"kind","team_id","project_id","source_type","source_id"}} in that order. The same source always
 * yields the same id, so a duplicate enqueue collapses onto one job row and one Kafka key.
 */
public final class JobIds {

    private JobIds() {
    }

    public static String jobId(JobKind kind, String teamId, String projectId, String sourceId) {
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("kind", kind.wireName());
        identity.put("team_id", teamId);
        identity.put("project_id", projectId);
        identity.put("source_type", kind.sourceType().wireName());
        identity.put("source_id", sourceId);
        return kind.idPrefix() + Sha256.hex(CanonicalJson.writeInOrder(identity));
    }
}
