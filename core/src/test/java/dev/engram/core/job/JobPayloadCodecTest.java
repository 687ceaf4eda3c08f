package dev.engram.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JobPayloadCodecTest {

    private static final JobPayload PAYLOAD =
            JobPayload.forEvent("team-1", "proj-1", "evt-9", "sess-1", "key-1", "actor-1", "hook", "req-1");

    private static JobPayload read(String json) {
        return JobPayloadCodec.read(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsBackWhatItWrites() {
        assertThat(read(JobPayloadCodec.write(PAYLOAD))).isEqualTo(PAYLOAD);
    }

    @Test
    void writesSnakeCaseFieldNames() {
        String json = JobPayloadCodec.write(PAYLOAD);

        assertThat(json).contains("\"version\":1", "\"kind\":\"event\"", "\"team_id\":\"team-1\"",
                "\"project_id\":\"proj-1\"", "\"source_type\":\"agent_event\"", "\"source_id\":\"evt-9\"",
                "\"generation_job_id\":\"" + JobIds.jobId(JobKind.EVENT, "team-1", "proj-1", "evt-9") + "\"",
                "\"agent_event_id\":\"evt-9\"", "\"server_session_id\":\"sess-1\"", "\"api_key_id\":\"key-1\"",
                "\"actor_id\":\"actor-1\"", "\"source_adapter\":\"hook\"", "\"request_id\":\"req-1\"");
        assertThat(json).doesNotContain("teamId", "generationJobId");
    }

    @Test
    void leavesOutAbsentOptionalFields() {
        String json = JobPayloadCodec.write(JobPayload.forEvent("t", "p", "e", null, null, null, "hook", null));

        assertThat(json).doesNotContain("server_session_id", "api_key_id", "actor_id", "request_id", "null");
    }

    @Test
    void ignoresUnknownFields() {
        JobPayload payload = read("{\"version\":1,\"kind\":\"event\",\"team_id\":\"t\",\"project_id\":\"p\","
                + "\"source_type\":\"agent_event\",\"source_id\":\"e\",\"generation_job_id\":\"evt_x\","
                + "\"added_later\":{\"nested\":true}}");

        assertThat(payload.generationJobId()).isEqualTo("evt_x");
        assertThat(payload.jobKind()).isEqualTo(JobKind.EVENT);
    }

    @Test
    void rejectsUnsupportedVersion() {
        String json = JobPayloadCodec.write(PAYLOAD).replace("\"version\":1", "\"version\":2");

        assertThatThrownBy(() -> read(json)).isInstanceOf(InvalidJobPayloadException.class)
                .hasMessageContaining("version 2");
    }

    @Test
    void rejectsGarbage() {
        assertThatThrownBy(() -> read("not json at all")).isInstanceOf(InvalidJobPayloadException.class);
        assertThatThrownBy(() -> read("{\"version\":1}")).isInstanceOf(InvalidJobPayloadException.class);
    }
}
