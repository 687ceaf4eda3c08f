package dev.engram.ops.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.core.testing.TestDatabase;
import dev.engram.ops.dev.DevStack;
import dev.engram.ops.testing.Cli;
import dev.engram.ops.testing.NpmFixture;
import dev.engram.ops.testing.SharedDevStack;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * claude-mem's own hook scripts (npm package {@code claude-mem} 13.25.3, pinned with the Bun runtime they run on in
 * src/test/e2e/claude-mem-hooks), pointed at Engram in claude-mem's server mode and run as Claude Code runs them:
 * {@code node bun-runner.js worker-service.cjs hook claude-code <hook>} with the hook's JSON on stdin. A prompt, a
 * tool use, a stop and the end of the session must become Engram's session, its events, an observation and the
 * session's summary, unchanged on the client side.
 */
class ClaudeMemHooksTest {

    private static final Path E2E = Path.of("src", "test", "e2e", "claude-mem-hooks").toAbsolutePath();
    private static final Path SCRIPTS = E2E.resolve("node_modules/claude-mem/plugin/scripts");
    private static final Duration PIPELINE = Duration.ofSeconds(90);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void claudeMemsHooksInServerModeRecordASessionThatEngramTurnsIntoMemory(@TempDir Path dir) throws Exception {
        NpmFixture.install(E2E, E2E.resolve("node_modules/.bin/bun"), "claude-mem-hooks-npm-ci.log");
        DevStack stack = SharedDevStack.get();
        TestDatabase database = SharedDevStack.database();
        String project = "cm-hooks";
        String key = new Cli(database).createKey(project, "memories:read,memories:write", "claude-mem hooks");
        Path home = Files.createDirectories(dir.resolve("home"));
        Path dataDir = Files.createDirectories(dir.resolve("claude-mem"));
        ObjectNode settings = JSON.createObjectNode().put("CLAUDE_MEM_RUNTIME", "server")
                .put("CLAUDE_MEM_SERVER_URL", stack.baseUrl()).put("CLAUDE_MEM_SERVER_API_KEY", key)
                .put("CLAUDE_MEM_SERVER_PROJECT_ID", project);
        Files.writeString(dataDir.resolve("settings.json"), settings.toString());
        Path cwd = Files.createDirectories(dir.resolve("acme-http"));
        Path transcript = dir.resolve("transcript.jsonl");
        Files.writeString(transcript, """
                {"type":"user","message":{"role":"user","content":"Cap the retry backoff of the HTTP client"}}
                {"type":"assistant","message":{"role":"assistant","content":[{"type":"text","text":"The backoff is now capped at ten seconds."}]}}
                """);
        String session = "cc-" + UUID.randomUUID();
        Hooks hooks = new Hooks(home, dataDir, dir.resolve("hooks.log"));

        hooks.run("session-init", hookInput(session, transcript, cwd, "UserPromptSubmit")
                .put("prompt", "Cap the retry backoff of the HTTP client"));
        hooks.run("observation", hookInput(session, transcript, cwd, "PostToolUse").put("tool_name", "Edit")
                .<ObjectNode>set("tool_input", JSON.createObjectNode().put("file_path", cwd.resolve("src/retry.ts").toString())
                        .put("old_string", "maxDelayMs = 60_000").put("new_string", "maxDelayMs = 10_000"))
                .set("tool_response", JSON.createObjectNode().put("success", true)));
        hooks.run("summarize", hookInput(session, transcript, cwd, "Stop").put("stop_hook_active", false));
        hooks.run("session-end", hookInput(session, transcript, cwd, "SessionEnd").put("reason", "exit"));

        String sessionId = text(database, "SELECT id::text FROM sessions WHERE project_id = ? AND external_session_id = ?",
                project, session);
        assertThat(text(database, "SELECT metadata ->> 'prompt' FROM sessions WHERE id = ?::uuid", sessionId))
                .isEqualTo("Cap the retry backoff of the HTTP client");
        assertThat(text(database, "SELECT (ended_at IS NOT NULL)::text FROM sessions WHERE id = ?::uuid", sessionId))
                .as("the SessionEnd hook ended the session").isEqualTo("true");
        assertThat(rows(database, "SELECT event_type || ' ' || coalesce(payload ->> 'tool_name', '') FROM agent_events "
                + "WHERE project_id = ? AND server_session_id = ?::uuid ORDER BY received_at", project, sessionId))
                .as("the tool use and the stop, linked to the session by its content session id")
                .containsExactly("tool_use Edit", "assistant_message ");
        // the pipeline behind the wire: the rules provider's observation of the edit, then the session's summary
        await().atMost(PIPELINE).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> assertThat(rows(database,
                "SELECT kind FROM observations WHERE server_session_id = ?::uuid", sessionId))
                .contains("summary").anyMatch(kind -> !kind.equals("summary")));
        assertThat(text(database, "SELECT content FROM observations WHERE server_session_id = ?::uuid AND kind <> 'summary' "
                + "ORDER BY created_at LIMIT 1", sessionId)).contains("retry.ts");
    }

    private static ObjectNode hookInput(String session, Path transcript, Path cwd, String event) {
        return JSON.createObjectNode().put("session_id", session).put("transcript_path", transcript.toString())
                .put("cwd", cwd.toString()).put("hook_event_name", event);
    }

    /** The hooks as Claude Code's hooks.json runs them, with their own home and data directory. */
    private record Hooks(Path home, Path dataDir, Path log) {

        void run(String hook, ObjectNode input) throws IOException, InterruptedException {
            ProcessBuilder builder = new ProcessBuilder("node", SCRIPTS.resolve("bun-runner.js").toString(),
                    SCRIPTS.resolve("worker-service.cjs").toString(), "hook", "claude-code", hook)
                    .directory(home.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().put("HOME", home.toString());
            builder.environment().put("CLAUDE_MEM_DATA_DIR", dataDir.toString());
            builder.environment().put("CLAUDE_CONFIG_DIR", home.resolve(".claude").toString());
            // bun-runner.js finds Bun on the PATH, where the pinned npm package put it
            builder.environment().put("PATH", E2E.resolve("node_modules/.bin").toAbsolutePath() + ":"
                    + System.getenv("PATH"));
            Process process = builder.start();
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(input.toString().getBytes(StandardCharsets.UTF_8));
            }
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the %s hook finished", hook).isTrue();
            assertThat(process.exitValue()).as("the %s hook's exit code; %s", hook, Files.readString(log)).isZero();
            // claude-mem logs a failed server call and carries on with exit 0: its own log says whether it did
            String logged = Files.readString(dataDir.resolve("logs").resolve(onlyLog(dataDir)));
            assertThat(logged).as("claude-mem's log after the %s hook", hook)
                    .doesNotContain("[server-fallback]").doesNotContain("[ERROR]");
        }

        private static String onlyLog(Path dataDir) throws IOException {
            try (var files = Files.list(dataDir.resolve("logs"))) {
                return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".log"))
                        .findFirst().orElseThrow();
            }
        }
    }

    private static List<String> rows(TestDatabase database, String sql, String... params) throws SQLException {
        try (Connection c = database.connect(); PreparedStatement query = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                query.setString(i + 1, params[i]);
            }
            List<String> values = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        }
    }

    private static String text(TestDatabase database, String sql, String... params) throws SQLException {
        List<String> values = rows(database, sql, params);
        assertThat(values).as(sql).hasSize(1);
        return values.get(0);
    }
}
