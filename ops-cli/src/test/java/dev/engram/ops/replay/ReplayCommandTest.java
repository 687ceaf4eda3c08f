package dev.engram.ops.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.core.testing.TestDatabase;
import dev.engram.ops.EngramCommand;
import dev.engram.ops.dev.DevStack;
import dev.engram.ops.testing.SharedDevStack;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code engram replay} on the shared dev stack (its KRaft broker and running processors): refused while the
 * processors run, then with {@code --force} the event lane is read again from the start, and every row the
 * pipeline wrote is the same afterwards, because every write is idempotent.
 */
class ReplayCommandTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final DevStack stack = SharedDevStack.get();
    private final TestDatabase database = SharedDevStack.database();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void replayingALaneFromTheStartLeavesEveryRowAsItWas() throws Exception {
        for (int i = 0; i < 3; i++) {
            JsonNode created = post("""
                    {"projectId":"%s","sourceType":"hook","eventType":"tool_use","occurredAtEpoch":%d,
                     "contentSessionId":"replay-%s","platformSource":"claude-code",
                     "payload":{"tool_name":"Read","tool_input":{"file_path":"src/Replay%d.java"},
                                "tool_response":"ok"}}""".formatted(stack.projectId(), System.currentTimeMillis(),
                    UUID.randomUUID(), i));
            assertThat(created.get("generationJob").get("status").asString()).isEqualTo("completed");
        }
        List<String> before = snapshot();
        double duplicatesBefore = duplicateDeliveries();
        String kafka = "--kafka=" + stack.kafkaBootstrapServers();

        assertThat(run("replay", "--lane", "event", "--from", "earliest", kafka)).isEqualTo(ReplayCommand.REFUSED);
        assertThat(err.toString()).contains("group generation-processor has").contains("active member(s)")
                .contains("--force");
        assertThat(run("replay", "--lane", "nowhere", "--from", "earliest", kafka)).isNotZero();
        assertThat(err.toString()).contains("unknown lane 'nowhere'");

        assertThat(run("replay", "--lane", "event", "--from", "earliest", "--force", "--timeout", "90", kafka))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains("Removed the members of group generation-processor")
                .containsPattern("Moved group generation-processor on engram\\.jobs\\.event to .*: [1-9]\\d* records")
                .contains("Group generation-processor has read every record again.");

        assertThat(snapshot()).isEqualTo(before);
        // the records were delivered again, and each found its job completed
        assertThat(duplicateDeliveries()).isGreaterThanOrEqualTo(duplicatesBefore + 3);
    }

    private double duplicateDeliveries() {
        MeterRegistry meters = stack.generationContext().getBean(MeterRegistry.class);
        return meters.find("engram.jobs.deliveries").tag("outcome", "duplicate").counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    /** Every row the pipeline wrote for the dev project: observations with their jobs, and the job histories. */
    private List<String> snapshot() throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = database.connect()) {
            rows.addAll(query(c, "SELECT o.id::text || ' ' || o.created_by_job_id || ' ' || md5(o.content) "
                    + "FROM observations o WHERE o.team_id = ? ORDER BY o.id"));
            rows.addAll(query(c, "SELECT g.id || ' ' || g.status || ' ' || g.attempts FROM generation_jobs g "
                    + "WHERE g.team_id = ? ORDER BY g.id"));
            rows.addAll(query(c, "SELECT e.job_id || ' ' || e.event_type || ' ' || e.attempt FROM generation_job_events e "
                    + "WHERE e.team_id = ? AND e.event_type <> 'enqueued' ORDER BY e.id"));
            rows.addAll(query(c, "SELECT count(*)::text FROM observation_sources WHERE team_id = ?"));
        }
        return rows;
    }

    private List<String> query(Connection c, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            statement.setString(1, stack.teamId());
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
        }
        return rows;
    }

    private JsonNode post(String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create(stack.baseUrl() + "/v1/events?wait=true"))
                .header("Authorization", "Bearer " + stack.apiKey()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body());
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cli = EngramCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}
