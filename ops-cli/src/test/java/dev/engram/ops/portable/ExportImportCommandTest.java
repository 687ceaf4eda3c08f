package dev.engram.ops.portable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.core.testing.TestDatabase;
import dev.engram.ops.dev.DevStack;
import dev.engram.ops.testing.Cli;
import dev.engram.ops.testing.SharedDevStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code engram export} and {@code engram import} against the shared dev stack's database: a project the pipeline
 * filled (a session, its observations, its summary, a memory) goes out as JSON Lines and into another project, where
 * exporting it again gives the same lines; importing twice changes nothing; a file with a bad line is refused with
 * its line numbers and writes nothing.
 */
class ExportImportCommandTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final DevStack stack = SharedDevStack.get();
    private final TestDatabase database = SharedDevStack.database();
    private final Cli cli = new Cli(database);

    @TempDir
    Path dir;

    @Test
    void aProjectGoesOutAndIntoAnotherExactlyAndImportingTwiceChangesNothing() throws Exception {
        String session = fillTheDevProject();
        Path exported = dir.resolve("memory.jsonl");
        assertThat(run("export", "--project", stack.projectId(), "--output", exported.toString()))
                .as(cli.err()).isZero();
        assertThat(cli.err()).containsPattern("Exported [1-9]\\d* sessions, [1-9]\\d* observations, "
                + "[1-9]\\d* summaries and [1-9]\\d* memories of project " + stack.projectId());
        List<String> lines = Files.readAllLines(exported);
        JsonNode header = JSON.readTree(lines.get(0));
        assertThat(header.get("format").asString()).isEqualTo("engram-export");
        assertThat(header.get("version").asInt()).isEqualTo(1);
        assertThat(header.get("project").asString()).isEqualTo(stack.projectId());
        assertThat(lines).anyMatch(l -> l.contains("\"id\":\"" + session + "\""));

        String target = "imported-" + UUID.randomUUID();
        assertThat(run("import", "--project", target, "--input", exported.toString())).isNotZero();
        assertThat(cli.err()).contains("no project '" + target + "': pass --team <team> to create it");

        assertThat(run("import", "--project", target, "--team", stack.teamId(), "--input", exported.toString()))
                .as(cli.err()).isZero();
        assertThat(cli.out()).contains("Imported into project " + target + " (team " + stack.teamId() + ")")
                .contains("; 0 already there");
        long rows = rowsOf(target);

        Path again = dir.resolve("again.jsonl");
        assertThat(run("export", "--project", target, "--output", again.toString())).isZero();
        assertThat(normalized(Files.readAllLines(again))).isEqualTo(normalized(lines));

        assertThat(run("import", "--project", target, "--input", exported.toString())).isZero();
        assertThat(cli.out()).contains("0 sessions, 0 observations, 0 summaries, 0 memories new; "
                + (lines.size() - 1) + " already there");
        assertThat(rowsOf(target)).isEqualTo(rows);

        // into the project it came from: every row is already there, under its own id
        assertThat(run("import", "--project", stack.projectId(), "--input", exported.toString())).isZero();
        assertThat(cli.out()).contains("0 sessions, 0 observations, 0 summaries, 0 memories new");
    }

    @Test
    void aFileWithBadLinesIsRefusedWithTheirNumbersAndWritesNothing() throws Exception {
        Path file = dir.resolve("bad.jsonl");
        String session = UUID.randomUUID().toString();
        Files.writeString(file, String.join("\n",
                "{\"format\":\"engram-export\",\"version\":1,\"team\":\"t\",\"project\":\"p\"}",
                "{\"type\":\"session\",\"id\":\"" + session + "\",\"startedAt\":\"2026-12-01T10:00:00Z\","
                        + "\"createdAt\":\"2026-12-01T10:00:00Z\",\"updatedAt\":\"2026-12-01T10:00:00Z\"}",
                "{\"type\":\"memory\",\"id\":\"" + UUID.randomUUID() + "\",\"kind\":\"manual\",\"content\":\"fine\","
                        + "\"createdAt\":\"2026-12-01T10:00:00Z\",\"updatedAt\":\"2026-12-01T10:00:00Z\"}",
                "{\"type\":\"memory\",\"id\":\"nope\",",
                "{\"type\":\"memory\",\"id\":\"" + UUID.randomUUID() + "\",\"kind\":\"manual\",\"content\":\"a\\u0000b\","
                        + "\"sessionId\":\"" + UUID.randomUUID() + "\",\"createdAt\":\"yesterday\"}",
                "{\"type\":\"gossip\"}") + "\n", StandardCharsets.UTF_8);
        String target = "rejected-" + UUID.randomUUID();

        assertThat(run("import", "--project", target, "--team", stack.teamId(), "--input", file.toString()))
                .isEqualTo(ImportCommand.REJECTED);
        assertThat(cli.err()).contains("nothing was imported")
                .contains("line 4: not valid JSON")
                .contains("line 5: sessionId ").contains("names no session of this file")
                .contains("line 5: content: contains a NUL character")
                .contains("line 5: createdAt: not an ISO-8601 instant")
                .contains("line 5: updatedAt: required")
                .contains("line 6: type 'gossip' is not one of session, observation, summary, memory")
                .doesNotContain("line 2").doesNotContain("line 3");
        assertThat(scalar("SELECT count(*) FROM projects WHERE id = ?", target)).isZero();

        Files.writeString(file, "{\"format\":\"something-else\"}\n", StandardCharsets.UTF_8);
        assertThat(run("import", "--project", target, "--team", stack.teamId(), "--input", file.toString()))
                .isEqualTo(ImportCommand.REJECTED);
        assertThat(cli.err()).contains("line 1: not an Engram export");
        Files.write(file, new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'});
        assertThat(run("import", "--project", target, "--team", stack.teamId(), "--input", file.toString()))
                .isEqualTo(ImportCommand.REJECTED);
        assertThat(cli.err()).contains("not valid UTF-8");
    }

    /** A session with two events' observations, a memory and, once it ended, its summary; returns its id. */
    private String fillTheDevProject() throws Exception {
        String external = "export-" + UUID.randomUUID();
        JsonNode started = post("/v1/sessions/start", """
                {"projectId":"%s","externalSessionId":"%s","contentSessionId":"%s","platformSource":"claude-code",
                 "metadata":{"cwd":"/work/app"}}""".formatted(stack.projectId(), external, external), 201);
        String session = started.get("session").get("id").asString();
        for (int i = 0; i < 2; i++) {
            post("/v1/events?wait=true", """
                    {"projectId":"%s","sourceType":"hook","eventType":"tool_use","occurredAtEpoch":%d,
                     "serverSessionId":"%s","platformSource":"claude-code",
                     "payload":{"tool_name":"Edit","tool_input":{"file_path":"src/Export%d.java"},
                                "tool_response":"ok"}}""".formatted(stack.projectId(), System.currentTimeMillis(),
                    session, i), 201);
        }
        post("/v1/memories", """
                {"projectId":"%s","content":"The export keeps memories — and their metadata.","serverSessionId":"%s",
                 "metadata":{"tags":["export","ünïcode"]}}""".formatted(stack.projectId(), session), 201);
        post("/v1/sessions/" + session + "/end", "{}", 200);
        await().atMost(Duration.ofSeconds(60)).until(() -> scalar(
                "SELECT count(*) FROM observations WHERE kind = 'summary' AND server_session_id::text = ?", session) > 0);
        return session;
    }

    /**
     * The lines without the header, each without its ids, a row's session named by the session's external id
     * instead; sorted, since rows written in one transaction share their time and are ordered by id.
     */
    private static List<String> normalized(List<String> lines) {
        Map<String, String> sessions = new HashMap<>();
        List<JsonNode> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            JsonNode node = JSON.readTree(line);
            if (node.get("type").asString().equals("session")) {
                sessions.put(node.get("id").asString(), node.get("externalSessionId").asString("") + "@"
                        + node.get("startedAt").asString());
            }
            rows.add(node);
        }
        List<String> normalized = new ArrayList<>();
        for (JsonNode node : rows) {
            ObjectNode copy = (ObjectNode) node.deepCopy();
            copy.remove("id");
            if (copy.has("sessionId") && !copy.get("sessionId").isNull()) {
                copy.put("sessionId", sessions.get(copy.get("sessionId").asString()));
            }
            normalized.add(JSON.writeValueAsString(copy));
        }
        normalized.sort(null);
        return normalized;
    }

    private long rowsOf(String project) throws Exception {
        return scalar("SELECT (SELECT count(*) FROM observations WHERE project_id = ?) "
                + "+ (SELECT count(*) FROM sessions WHERE project_id = ?)", project, project);
    }

    private long scalar(String sql, String... params) throws Exception {
        try (Connection c = database.connect(); PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setString(i + 1, params[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private JsonNode post(String path, String body, int status) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.baseUrl() + path))
                .header("Authorization", "Bearer " + stack.apiKey()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    private int run(String... args) {
        return cli.run(args);
    }
}
