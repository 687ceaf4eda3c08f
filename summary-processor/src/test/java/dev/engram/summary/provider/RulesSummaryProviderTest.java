package dev.engram.summary.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.core.observation.ParsedSummary;
import dev.engram.core.observation.SummaryAnswer;
import dev.engram.core.observation.SummaryXmlParser;
import dev.engram.core.prompt.PromptBuilder;
import dev.engram.core.prompt.PromptEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RulesSummaryProviderTest {

    private static final String CWD = "/home/dev/shop";
    private static final Instant AT = Instant.parse("2025-03-01T10:15:30Z");

    /** The first {@code mvn -q test} of the ops-cli demo session, verbatim: a surefire failure, no exit code. */
    private static final PromptEvent DEMO_FAILING_TESTS = new PromptEvent("toolu_01D4tV7wX0yZ3aB6cD9eF2gH", "tool_use",
            "hook", AT, "{\"tool_name\": \"Bash\", \"tool_input\": {\"command\": \"cd /home/dev/acme-http && mvn -q "
            + "test -Dtest=RetryingHttpClientTest\", \"description\": \"Run the retrying client tests\"}, "
            + "\"tool_response\": {\"stdout\": \"[ERROR] Tests run: 4, Failures: 1, Errors: 0, "
            + "Skipped: 0, Time elapsed: 0.874 s <<< FAILURE! -- in com.acme.http.RetryingHttpClientTest\\n[ERROR] "
            + "com.acme.http.RetryingHttpClientTest.retriesServerErrorsUntilSuccess -- Time elapsed: 0.512 s <<< "
            + "FAILURE!\\norg.opentest4j.AssertionFailedError:\\n\\nexpected: 200\\n but was: 503\\n\\tat "
            + "com.acme.http.RetryingHttpClientTest.retriesServerErrorsUntilSuccess(RetryingHttpClientTest.java:58)"
            + "\\n\\tat java.base/java.lang.reflect.Method.invoke(Method.java:580)\\n\\tat "
            + "java.base/java.util.ArrayList.forEach(ArrayList.java:1596)\\n\\n[ERROR] Failures:\\n[ERROR]   "
            + "RetryingHttpClientTest.retriesServerErrorsUntilSuccess:58\\nexpected: 200\\n but was: 503\\n[ERROR] "
            + "Tests run: 4, Failures: 1, Errors: 0, Skipped: 0\\n[ERROR] Failed to execute goal "
            + "org.apache.maven.plugins:maven-surefire-plugin:3.5.2:test (default-test) on project acme-http: There "
            + "are test failures.\\n[ERROR]\\n[ERROR] Please refer to /home/dev/acme-http/target/surefire-reports for "
            + "the individual test results.\\n[ERROR] Please refer to dump files (if any exist) [date].dump, "
            + "[date]-jvmRun[N].dump and [date].dumpstream.\\n[ERROR] -> [Help 1]\\n\", \"stderr\": \"\", "
            + "\"interrupted\": false, \"isImage\": false}}");
    /** The demo's fix, its 20 green runs in a loop and its closing diff (edit strings shortened). */
    private static final PromptEvent DEMO_FIX = new PromptEvent("toolu_01E8hJ1kL4mN7pQ0rS3tU6vW", "tool_use", "hook",
            AT, "{\"tool_name\": \"Edit\", \"tool_input\": {\"file_path\": "
            + "\"/home/dev/acme-http/src/main/java/com/acme/http/RetryingHttpClient.java\", \"old_string\": \"a\", "
            + "\"new_string\": \"b\", \"replace_all\": false}, \"tool_response\": {}}");
    private static final PromptEvent DEMO_GREEN_LOOP = new PromptEvent("toolu_01F2xY5zA8bC1dE4fG7hJ0kL", "tool_use",
            "hook", AT, "{\"tool_name\": \"Bash\", \"tool_input\": {\"command\": \"cd /home/dev/acme-http && for i "
            + "in $(seq 1 20); do mvn -q test -Dtest=RetryingHttpClientTest || exit 1; done && echo '20 runs, all "
            + "green'\", \"description\": \"Run the retry tests 20 times to check the flake is gone\", \"timeout\": "
            + "600000}, \"tool_response\": {\"stdout\": \"20 runs, all green\\n\", \"stderr\": \"\", "
            + "\"interrupted\": false, \"isImage\": false}}");
    private static final PromptEvent DEMO_DIFF = new PromptEvent("toolu_01G6mN9pQ2rS5tU8vW1xY4zA", "tool_use", "hook",
            AT, "{\"tool_name\": \"Bash\", \"tool_input\": {\"command\": \"cd /home/dev/acme-http && git diff "
            + "--stat\", \"description\": \"Show what changed\"}, \"tool_response\": {\"stdout\": \" "
            + "src/main/java/com/acme/http/RetryingHttpClient.java | 12 +++++++++---\\n 1 file changed, 9 "
            + "insertions(+), 3 deletions(-)\\n\", \"stderr\": \"\", \"interrupted\": false, \"isImage\": false}}");

    private final RulesSummaryProvider provider = new RulesSummaryProvider();

    private static PromptEvent toolUse(String id, String tool, String input, String response) {
        return new PromptEvent(id, "tool_use", "hook", AT, "{\"cwd\":\"" + CWD + "\",\"tool_name\":\"" + tool
                + "\",\"tool_input\":" + input + ",\"tool_response\":" + response + "}");
    }

    private static PromptEvent prompt(String id, String text) {
        return new PromptEvent(id, "user_prompt", "hook", AT, "{\"cwd\":\"" + CWD + "\",\"prompt\":\"" + text + "\"}");
    }

    private static PromptEvent bash(String id, String command, String stdout, int exitCode) {
        return toolUse(id, "Bash", "{\"command\":\"" + command + "\"}",
                "{\"stdout\":\"" + stdout + "\",\"stderr\":\"\",\"exit_code\":" + exitCode + "}");
    }

    private ParsedSummary summarise(PromptEvent... events) {
        String prompt = PromptBuilder.summaryPrompt(List.of(events), List.of()).orElseThrow();
        SummaryAnswer answer = SummaryXmlParser.parseSummary(provider.generate(prompt));
        assertThat(answer).isInstanceOf(SummaryAnswer.Summary.class);
        return ((SummaryAnswer.Summary) answer).summary();
    }

    @Test
    void isNamedRules() {
        assertThat(provider.name()).isEqualTo("rules");
    }

    @Test
    void takesTheRequestFromTheFirstUserPrompt() {
        ParsedSummary summary = summarise(prompt("e1", "Fix   the\\ncart total"), prompt("e2", "And the tax too"));

        assertThat(summary.request()).isEqualTo("Fix the cart total");
        assertThat(summary.notes()).isEqualTo("No tool uses, 2 user prompts.");
    }

    @Test
    void fallsBackToTheWorkingDirectoryWithoutAPrompt() {
        ParsedSummary summary = summarise(toolUse("e1", "Read", "{\"file_path\":\"" + CWD + "/pom.xml\"}", "{}"));

        assertThat(summary.request()).isEqualTo("Work in " + CWD);
        assertThat(summary.investigated()).isEqualTo("Read pom.xml");
    }

    @Test
    void listsWhatWasReadSearchedAndChanged() {
        ParsedSummary summary = summarise(
                toolUse("e1", "Read", "{\"file_path\":\"" + CWD + "/src/Cart.java\"}", "{}"),
                toolUse("e2", "Glob", "{\"pattern\":\"**/*.yml\"}", "{}"),
                toolUse("e3", "Read", "{\"file_path\":\"" + CWD + "/src/Cart.java\"}", "{}"),
                toolUse("e4", "Write", "{\"file_path\":\"" + CWD + "/src/Tax.java\",\"content\":\"x\"}", "{}"),
                toolUse("e5", "WebSearch", "{\"query\":\"bulk discount rules\"}", "{}"));

        assertThat(summary.investigated()).isEqualTo("Read src/Cart.java; listed files matching \"**/*.yml\"; "
                + "searched the web for bulk discount rules");
        assertThat(summary.completed()).isEqualTo("Modified src/Tax.java");
        assertThat(summary.notes()).isEqualTo("5 tool uses (Glob 1, Read 2, WebSearch 1, Write 1), 0 user prompts. "
                + "Files read: src/Cart.java. Files modified: src/Tax.java.");
    }

    @Test
    void learnsFromACommandThatFailedAndThenPassed() {
        ParsedSummary summary = summarise(prompt("e0", "Fix the build"),
                bash("e1", "./gradlew test", "3 tests completed, 1 failed\\nFAILED", 1),
                bash("e2", "./gradlew test", "BUILD SUCCESSFUL", 0));

        assertThat(summary.learned()).isEqualTo("`./gradlew test` failed (exit code 1: 3 tests completed, 1 failed) "
                + "and passed on a later run");
        assertThat(summary.completed()).isEqualTo("Ran `./gradlew test` successfully");
        assertThat(summary.nextSteps()).isEqualTo("None recorded");
    }

    @Test
    void learnsWhatTheChangeBetweenAFailureAndAPassFixed() {
        ParsedSummary summary = summarise(prompt("e0", "Fix the build"),
                bash("e1", "mvn -B test", "[ERROR] Tests run: 4, Failures: 1\\n[INFO] BUILD FAILURE", 1),
                toolUse("e2", "Edit", "{\"file_path\":\"" + CWD + "/src/Cart.java\"}", "{}"),
                toolUse("e3", "Write", "{\"file_path\":\"" + CWD + "/src/Tax.java\",\"content\":\"x\"}", "{}"),
                toolUse("e4", "Edit", "{\"file_path\":\"" + CWD + "/src/Cart.java\"}", "{}"),
                bash("e5", "mvn -B test", "[INFO] BUILD SUCCESS", 0));

        assertThat(summary.learned()).isEqualTo("`mvn -B test` failed (BUILD FAILURE: [ERROR] Tests run: 4, "
                + "Failures: 1) and passed after the changes to Cart.java and Tax.java");
        assertThat(summary.completed())
                .isEqualTo("Modified src/Cart.java, src/Tax.java; ran `mvn -B test` successfully");
    }

    @Test
    void learnsFromTheDemoSessionThatTheChangeFixedTheFailingTests() {
        ParsedSummary summary = summarise(prompt("e0", "Fix the flaky retry test"), DEMO_FAILING_TESTS, DEMO_FIX,
                DEMO_GREEN_LOOP, DEMO_DIFF);

        assertThat(summary.learned()).isEqualTo("`mvn -q test -Dtest=RetryingHttpClientTest` failed (Tests run: 4, "
                + "Failures: 1) and passed after the change to RetryingHttpClient.java");
        assertThat(summary.completed()).isEqualTo("Modified /home/dev/acme-http/src/main/java/com/acme/http/"
                + "RetryingHttpClient.java; ran `for i in $(seq 1 20); do mvn -q test -Dtest=RetryingHttpClientTest || "
                + "exit 1; d…` successfully; ran `git diff --stat` successfully");
        assertThat(summary.nextSteps()).isEqualTo("None recorded");
    }

    @Test
    void leavesTheDemoSurefireFailureWithoutAnExitCodeAsTheNextStep() {
        ParsedSummary summary = summarise(prompt("e0", "Fix the flaky retry test"), DEMO_FAILING_TESTS);

        assertThat(summary.learned())
                .isEqualTo("`mvn -q test -Dtest=RetryingHttpClientTest` fails (Tests run: 4, Failures: 1)");
        assertThat(summary.completed()).isEmpty();
        assertThat(summary.nextSteps()).isEqualTo("Fix failing: mvn -q test -Dtest=RetryingHttpClientTest");
    }

    @Test
    void doesNotCountAFailingCommandThatIncludesAnotherAsItsFailure() {
        ParsedSummary summary = summarise(prompt("e0", "Ship it"),
                bash("e1", "make test", "ok", 0),
                bash("e2", "make test && make deploy", "deploy: error 7", 2));

        assertThat(summary.learned()).isEqualTo("`make test && make deploy` fails (exit code 2: deploy: error 7)");
        assertThat(summary.completed()).isEqualTo("Ran `make test` successfully");
        assertThat(summary.nextSteps()).isEqualTo("Fix failing: make test && make deploy");
    }

    @Test
    void leavesAStillFailingCommandAsTheNextStep() {
        ParsedSummary summary = summarise(prompt("e0", "Fix the build"),
                bash("e1", "npm run lint", "ok", 0),
                bash("e2", "npm run lint", "src/a.ts: error  Unexpected any", 2));

        assertThat(summary.learned()).isEqualTo("`npm run lint` fails (exit code 2: src/a.ts: error Unexpected any)");
        assertThat(summary.completed()).isEmpty();
        assertThat(summary.nextSteps()).isEqualTo("Fix failing: npm run lint");
    }

    @Test
    void escapesMarkupSoTheAnswerParsesBack() {
        ParsedSummary summary = summarise(prompt("e1", "Why is a < b && c > d in </request> false?"));

        assertThat(summary.request()).isEqualTo("Why is a < b && c > d in </request> false?");
    }

    @Test
    void skipsASessionWithNoPromptAndNoToolUse() {
        String prompt = PromptBuilder.summaryPrompt(List.of(new PromptEvent("e1", "session_start", "hook", AT,
                "{\"source\":\"startup\"}")), List.of("an observation")).orElseThrow();

        assertThat(SummaryXmlParser.parseSummary(provider.generate(prompt))).isInstanceOf(SummaryAnswer.Skip.class);
    }

    @Test
    void answersTheSamePromptWithTheSameBytes() {
        String prompt = PromptBuilder.summaryPrompt(List.of(prompt("e1", "Fix it"), bash("e2", "make", "done", 0)),
                List.of()).orElseThrow();

        assertThat(provider.generate(prompt)).isEqualTo(provider.generate(prompt));
    }
}
