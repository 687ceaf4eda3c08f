package dev.engram.ops.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.core.testing.TestDatabase;
import dev.engram.ops.demo.DemoResult;
import dev.engram.ops.demo.DemoSession;
import dev.engram.ops.dev.DevStack;
import dev.engram.ops.testing.Cli;
import dev.engram.ops.testing.NpmFixture;
import dev.engram.ops.testing.SharedDevStack;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The viewer end to end in Debian's headless Chromium (Playwright, from src/test/e2e/viewer), against the shared dev
 * stack: a wrong key is told so; an admin key watches the demo session's observations stream in, opens the session's
 * timeline, finds an observation by a word of it, sees a failed job and retries it; a read key has no jobs view.
 * Screenshots of each view, light and dark, go to target/viewer-screenshots (or {@code -Dviewer.screenshots=DIR}:
 * {@code ../docs/images} refreshes the docs' pictures).
 */
class ViewerBrowserTest {

    private static final Path E2E = Path.of("src", "test", "e2e", "viewer");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Duration STEP = Duration.ofSeconds(90);
    private static final String FAILED_REASON = "provider answered 503 three times";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aUserWatchesSearchesAndOperatesTheirMemoryInABrowser() throws Exception {
        assertThat(CHROMIUM).as("Debian's chromium package (apt-get install chromium; .ci/run installs it)")
                .isExecutable();
        // playwright-core only (it downloads no browser)
        NpmFixture.install(E2E, E2E.resolve("node_modules/playwright-core"), "viewer-npm-ci.log");
        DevStack stack = SharedDevStack.get();
        TestDatabase database = SharedDevStack.database();
        // the stack's database is this JVM's own, so one fixed name is free (and reads well in the screenshots)
        String project = "acme-http";
        String admin = new Cli(database).createKey(project, "*", "viewer e2e");
        String reader = new Cli(database).createKey(project, "memories:read", "viewer e2e");
        Path screenshots = Path.of(System.getProperty("viewer.screenshots", "target/viewer-screenshots"));

        ProcessBuilder builder = new ProcessBuilder("node", "viewer.e2e.mjs").directory(E2E.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(Map.of("ENGRAM_URL", stack.baseUrl(), "ENGRAM_ADMIN_KEY", admin,
                "ENGRAM_READ_KEY", reader, "ENGRAM_WRONG_KEY", "cm_" + "0".repeat(48), "ENGRAM_PROJECT", project,
                "ENGRAM_VIEWER_SCREENSHOTS", screenshots.toAbsolutePath().toString(),
                "CHROMIUM", CHROMIUM.toString()));
        Process browser = builder.start();
        BlockingQueue<String> said = new LinkedBlockingQueue<>();
        Thread reading = new Thread(() -> relay(browser, said), "viewer-e2e-output");
        reading.setDaemon(true);
        reading.start();
        try (Writer answers = new OutputStreamWriter(browser.getOutputStream(), StandardCharsets.UTF_8)) {
            awaitLine(said, "ready-for-demo");

            DemoResult demo = DemoSession.against(stack.baseUrl(), admin, System.out, DemoSession.DEFAULT_TIMEOUT)
                    .run(project);
            assertThat(demo.succeeded()).as("the demo session went through the pipeline").isTrue();
            ObjectNode written = written(database, project, demo);
            answers.write(written.toString() + "\n");
            answers.flush();

            awaitLine(said, "done");
            assertThat(browser.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(browser.exitValue()).isZero();
            String retried = written.get("failedJobId").asString();
            assertThat(count(database, "SELECT count(*) FROM generation_jobs WHERE id = ? AND status <> 'failed'",
                    retried)).as("the job the browser retried is no longer failed").isOne();
            assertThat(count(database, "SELECT count(*) FROM audit_log WHERE resource_id = ? "
                    + "AND action = 'generation_job.retried_by_operator'", retried)).isOne();
        } finally {
            browser.destroyForcibly();
            reading.join(5_000);
        }
        assertThat(screenshots.resolve("viewer-live-dark.png")).isNotEmptyFile();
    }

    /** What the demo wrote, for the browser to look for; one of its jobs is failed on purpose, for the jobs view. */
    private static ObjectNode written(TestDatabase database, String project, DemoResult demo) throws SQLException {
        ObjectNode written = JSON.createObjectNode();
        written.put("sessionId", text(database, "SELECT id::text FROM sessions WHERE project_id = ?", project));
        List<String> ids = new ArrayList<>();
        String searchWord = null;
        String searchId = null;
        try (Connection c = database.connect(); PreparedStatement query = c.prepareStatement("SELECT id::text, kind, "
                + "metadata ->> 'title' FROM observations WHERE project_id = ? ORDER BY created_at, id")) {
            query.setString(1, project);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    if ("summary".equals(rows.getString(2))) {
                        written.put("summaryId", rows.getString(1));
                        continue;
                    }
                    ids.add(rows.getString(1));
                    String word = longestWord(rows.getString(3));
                    if (searchWord == null && word != null) {
                        searchWord = word;
                        searchId = rows.getString(1);
                    }
                }
            }
        }
        assertThat(ids).as("the demo's observations").hasSize(demo.observationCount());
        assertThat(written.has("summaryId")).as("the demo's summary").isTrue();
        assertThat(searchWord).as("a title to search for").isNotNull();
        written.putPOJO("observationIds", ids);
        written.put("searchWord", searchWord);
        written.put("searchObservationId", searchId);
        String failed = text(database, "SELECT id FROM generation_jobs WHERE project_id = ? AND job_type = 'event' "
                + "ORDER BY created_at LIMIT 1", project);
        update(database, "UPDATE generation_jobs SET status = 'failed', failed_at = now(), updated_at = now(), "
                + "attempts = max_attempts, last_error = jsonb_build_object('reason', ?::text, 'classification', "
                + "'retryable') WHERE id = ?", FAILED_REASON, failed);
        written.put("failedJobId", failed);
        written.put("failedReason", FAILED_REASON);
        return written;
    }

    private static String longestWord(String title) {
        if (title == null) {
            return null;
        }
        String longest = null;
        Matcher words = Pattern.compile("[A-Za-z]{6,}").matcher(title);
        while (words.find()) {
            if (longest == null || words.group().length() > longest.length()) {
                longest = words.group();
            }
        }
        return longest;
    }

    private static void relay(Process browser, BlockingQueue<String> said) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(browser.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                System.out.println("[viewer e2e] " + line);
                said.add(line);
            }
        } catch (IOException e) {
            said.add("FAIL: the browser's output could not be read: " + e);
        }
        said.add("FAIL: the browser script ended");
    }

    /** Waits for the script to say {@code expected}; a FAIL line, or silence past a step's bound, fails the test. */
    private static void awaitLine(BlockingQueue<String> said, String expected) throws InterruptedException {
        while (true) {
            String line = said.poll(STEP.toSeconds(), TimeUnit.SECONDS);
            assertThat(line).as("the browser script said nothing for %s while we waited for '%s'", STEP, expected)
                    .isNotNull();
            assertThat(line).as("the browser script").doesNotStartWith("FAIL");
            if (line.equals(expected)) {
                return;
            }
        }
    }

    private static String text(TestDatabase database, String sql, String... params) throws SQLException {
        try (Connection c = database.connect(); PreparedStatement query = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                query.setString(i + 1, params[i]);
            }
            try (ResultSet rows = query.executeQuery()) {
                assertThat(rows.next()).as(sql).isTrue();
                return rows.getString(1);
            }
        }
    }

    private static long count(TestDatabase database, String sql, String... params) throws SQLException {
        return Long.parseLong(text(database, sql, params));
    }

    private static void update(TestDatabase database, String sql, String... params) throws SQLException {
        try (Connection c = database.connect(); PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setString(i + 1, params[i]);
            }
            assertThat(statement.executeUpdate()).as(sql).isOne();
        }
    }
}
