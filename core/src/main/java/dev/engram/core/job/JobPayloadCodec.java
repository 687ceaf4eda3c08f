package dev.engram.core.job;

import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads and writes {@link JobPayload} as JSON, the one format used in the outbox and on Kafka. */
public final class JobPayloadCodec {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private JobPayloadCodec() {
    }

    public static String write(JobPayload payload) {
        return MAPPER.writeValueAsString(payload);
    }

    /** The payload as a JSON tree, to embed in a multi-row statement's JSON parameter. */
    public static JsonNode tree(JobPayload payload) {
        return MAPPER.valueToTree(payload);
    }

    /**
     * Reads a payload.
     *
     * @throws InvalidJobPayloadException when the bytes are not a payload this version understands
     */
    public static JobPayload read(byte[] json) {
        try {
            JobPayload payload = MAPPER.readValue(json, JobPayload.class);
            if (payload.version() < 1 || payload.version() > JobPayload.CURRENT_VERSION) {
                throw new InvalidJobPayloadException("unsupported payload version " + payload.version());
            }
            if (payload.generationJobId() == null || payload.teamId() == null || payload.projectId() == null
                    || payload.kind() == null) {
                throw new InvalidJobPayloadException("payload lacks generation_job_id, team_id, project_id or kind");
            }
            return payload;
        } catch (JacksonException e) {
            throw new InvalidJobPayloadException("payload is not valid JSON: "
                    + new String(json, 0, Math.min(json.length, 200), StandardCharsets.UTF_8), e);
        }
    }
}
