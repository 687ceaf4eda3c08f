package dev.engram.core.store;

import dev.engram.core.job.JobPayload;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** Audits records whose tenant does not match their job row: such a record is never processed. */
public class ScopeViolationAudit {

    private static final String INSERT = """
            INSERT INTO audit_log (team_id, project_id, action, resource_type, resource_id, request_id, details)
            VALUES (:team, :project, 'generation_job.scope_violation', 'generation_job', :job, :requestId,
                    :details::jsonb)
            """;

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    public ScopeViolationAudit(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void record(GenerationJob job, JobPayload claimed) {
        String details = MAPPER.writeValueAsString(Map.of(
                "recordTeamId", claimed.teamId(), "recordProjectId", claimed.projectId()));
        jdbc.sql(INSERT).param("team", job.teamId()).param("project", job.projectId()).param("job", job.id())
                .param("requestId", claimed.requestId()).param("details", details).update();
    }

    /** Whether a record names the tenant its job belongs to. */
    public static boolean matches(GenerationJob job, JobPayload claimed) {
        return job.teamId().equals(claimed.teamId()) && job.projectId().equals(claimed.projectId());
    }
}
