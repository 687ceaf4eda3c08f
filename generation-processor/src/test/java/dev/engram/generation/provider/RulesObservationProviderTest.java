package dev.engram.generation.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.core.observation.ObservationXmlParser;
import dev.engram.core.observation.ParsedObservation;
import dev.engram.core.observation.ProviderAnswer;
import dev.engram.core.prompt.PromptBuilder;
import dev.engram.core.prompt.PromptEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RulesObservationProviderTest {

    private static final String CWD = "/home/dev/shop";
    private static final Instant AT = Instant.parse("2025-03-01T10:15:30Z");

    private final RulesObservationProvider provider = new RulesObservationProvider();

    private static PromptEvent toolUse(String id, String tool, String input, String response) {
        return new PromptEvent(id, "tool_use", "hook", AT, "{\"session_id\":\"s1\",\"cwd\":\"" + CWD + "\","
                + "\"hook_event_name\":\"PostToolUse\",\"tool_name\":\"" + tool + "\",\"tool_input\":" + input
                + ",\"tool_response\":" + response + "}");
    }

    private static final PromptEvent READ = toolUse("e1", "Read",
            "{\"file_path\":\"/home/dev/shop/src/main/java/shop/Cart.java\"}",
            "{\"type\":\"text\",\"file\":{\"filePath\":\"/home/dev/shop/src/main/java/shop/Cart.java\"}}");
    private static final PromptEvent EDIT = toolUse("e2", "Edit",
            "{\"file_path\":\"/home/dev/shop/src/main/resources/application.yml\","
                    + "\"old_string\":\"port: 8080\",\"new_string\":\"port: 9090\\nhost: <local> & co\"}",
            "{\"filePath\":\"/home/dev/shop/src/main/resources/application.yml\",\"success\":true}");
    private static final PromptEvent FAILING_MVN = toolUse("e3", "Bash",
            "{\"command\":\"mvn -B test\",\"description\":\"Run the unit tests\"}",
            "{\"stdout\":\"[INFO] Scanning for projects...\\n[ERROR] Tests run: 4, Failures: 1\\n"
                    + "[INFO] BUILD FAILURE\",\"stderr\":\"\",\"exit_code\":1,\"interrupted\":false}");
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
    private static final PromptEvent USER_PROMPT = new PromptEvent("e4", "user_prompt", "hook", AT,
            "{\"prompt\":\"Why does the cart total ignore discounts when the basket has more than ten items in it?\"}");
    private static final PromptEvent ONLY_PRIVATE = new PromptEvent("e5", "user_prompt", "hook", AT,
            "<private>{\"prompt\":\"my password is hunter2\"}</private>");

    private List<ParsedObservation> observe(PromptEvent... events) {
        String prompt = PromptBuilder.observationPrompt(List.of(events)).orElseThrow();
        ProviderAnswer answer = ObservationXmlParser.parse(provider.generate(prompt));
        assertThat(answer).isInstanceOf(ProviderAnswer.Observations.class);
        return ((ProviderAnswer.Observations) answer).observations();
    }

    @Test
    void isNamedRules() {
        assertThat(provider.name()).isEqualTo("rules");
    }

    @Test
    void turnsAReadIntoADiscoveryOfTheFile() {
        ParsedObservation read = observe(READ).get(0);

        assertThat(read.type()).isEqualTo("discovery");
        assertThat(read.title()).isEqualTo("Read src/main/java/shop/Cart.java");
        assertThat(read.filesRead()).containsExactly("/home/dev/shop/src/main/java/shop/Cart.java");
        assertThat(read.filesModified()).isEmpty();
        assertThat(read.facts()).contains("Read /home/dev/shop/src/main/java/shop/Cart.java");
        assertThat(read.concepts()).contains("java");
    }

    @Test
    void turnsAnEditIntoProgressOnTheFile() {
        ParsedObservation edit = observe(EDIT).get(0);

        assertThat(edit.type()).isEqualTo("progress");
        assertThat(edit.title()).isEqualTo("Edited src/main/resources/application.yml");
        assertThat(edit.filesModified()).containsExactly("/home/dev/shop/src/main/resources/application.yml");
        assertThat(edit.facts()).containsExactly("Modified /home/dev/shop/src/main/resources/application.yml",
                "Replaced 1 line with 2 lines");
        assertThat(edit.concepts()).contains("configuration");
    }

    @Test
    void turnsAFailingBuildIntoABlocker() {
        ParsedObservation bash = observe(FAILING_MVN).get(0);

        assertThat(bash.type()).isEqualTo("blocker");
        assertThat(bash.title()).isEqualTo("Ran mvn -B test: BUILD FAILURE");
        assertThat(bash.subtitle()).isEqualTo("Run the unit tests");
        assertThat(bash.facts()).containsExactly("Command: mvn -B test", "Exit code: 1",
                "Error output: [ERROR] Tests run: 4, Failures: 1");
        assertThat(bash.concepts()).contains("build", "testing");
    }

    @Test
    void turnsASucceedingCommandIntoProgress() {
        ParsedObservation bash = observe(toolUse("e6", "Bash", "{\"command\":\"git status\"}",
                "{\"stdout\":\"On branch main\\nnothing to commit\",\"stderr\":\"\",\"interrupted\":false}")).get(0);

        assertThat(bash.type()).isEqualTo("progress");
        assertThat(bash.title()).isEqualTo("Ran git status");
        assertThat(bash.facts()).containsExactly("Command: git status", "Output: On branch main");
        assertThat(bash.concepts()).contains("git");
    }

    @Test
    void turnsTheDemoSurefireFailureWithoutAnExitCodeIntoABlocker() {
        ParsedObservation bash = observe(DEMO_FAILING_TESTS).get(0);

        assertThat(bash.type()).isEqualTo("blocker");
        assertThat(bash.title()).isEqualTo(
                "Ran cd /home/dev/acme-http && mvn -q test -Dtest=RetryingHttpCl…: Tests run: 4, Failures: 1");
        assertThat(bash.subtitle()).isEqualTo("Run the retrying client tests");
        assertThat(bash.facts()).containsExactly(
                "Command: cd /home/dev/acme-http && mvn -q test -Dtest=RetryingHttpClientTest",
                "Error output: [ERROR] Tests run: 4, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 0.874 s "
                        + "<<< FAILURE! -- in com.acme.http.RetryingHttpClientTest");
        assertThat(bash.concepts()).containsExactly("failure", "testing");
    }

    @Test
    void turnsAnAllGreenTestRunIntoProgress() {
        ParsedObservation bash = observe(toolUse("e12", "Bash", "{\"command\":\"mvn -q test\"}",
                "{\"stdout\":\"[INFO] Tests run: 4, Failures: 0, Errors: 0, Skipped: 0\",\"stderr\":\"\"}")).get(0);

        assertThat(bash.type()).isEqualTo("progress");
        assertThat(bash.title()).isEqualTo("Ran mvn -q test");
        assertThat(bash.facts()).containsExactly("Command: mvn -q test",
                "Output: [INFO] Tests run: 4, Failures: 0, Errors: 0, Skipped: 0");
    }

    @Test
    void turnsAFailingCommandWithoutAnErrorWordIntoABlockerQuotingItsOutput() {
        ParsedObservation bash = observe(toolUse("e13", "Bash", "{\"command\":\"ls nope\"}",
                "{\"stdout\":\"\",\"stderr\":\"ls: cannot access 'nope': No such file or directory\","
                        + "\"exit_code\":2}")).get(0);

        assertThat(bash.type()).isEqualTo("blocker");
        assertThat(bash.title()).isEqualTo("Ran ls nope: exit code 2");
        assertThat(bash.facts()).containsExactly("Command: ls nope", "Exit code: 2",
                "Error output: ls: cannot access 'nope': No such file or directory");
    }

    @Test
    void turnsAUserPromptIntoADiscoveryOfTheRequest() {
        ParsedObservation prompt = observe(USER_PROMPT).get(0);

        assertThat(prompt.type()).isEqualTo("discovery");
        assertThat(prompt.title()).isEqualTo(
                "User asked: Why does the cart total ignore discounts when the basket has more than ten items");
        assertThat(prompt.facts()).singleElement().asString().startsWith("Prompt: Why does the cart total");
    }

    @Test
    void describesUnknownToolsByName() {
        ParsedObservation other = observe(toolUse("e7", "TodoWrite", "{\"note\":\"fix cart\"}", "{}")).get(0);

        assertThat(other.type()).isEqualTo("discovery");
        assertThat(other.title()).isEqualTo("Used TodoWrite");
        assertThat(other.facts()).containsExactly("Tool: TodoWrite", "note: fix cart");
    }

    @Test
    void answersOneBlockPerUsableEventInOrder() {
        List<ParsedObservation> observations = observe(READ, EDIT, FAILING_MVN, USER_PROMPT, ONLY_PRIVATE,
                new PromptEvent("e8", "session_start", "hook", AT, "{\"source\":\"startup\"}"));

        assertThat(observations).extracting(ParsedObservation::type)
                .containsExactly("discovery", "progress", "blocker", "discovery");
    }

    @Test
    void keepsMarkupInValuesEscapedSoTheParserReadsItBack() {
        String answer = provider.generate(PromptBuilder.observationPrompt(List.of(toolUse("e9", "Grep",
                "{\"pattern\":\"List<String> & more\",\"path\":\"/home/dev/shop/src\"}", "{}"))).orElseThrow());

        assertThat(answer).contains("List&lt;String&gt; &amp; more").doesNotContain("List<String>");
        ParsedObservation grep = ((ProviderAnswer.Observations) ObservationXmlParser.parse(answer)).observations().get(0);
        assertThat(grep.title()).isEqualTo("Searched for \"List<String> & more\" in src");
        assertThat(grep.facts()).contains("Pattern: List<String> & more");
    }

    @Test
    void readsTheFileOfAPayloadCutAtTheLimit() {
        String content = "x".repeat(PromptBuilder.MAX_PAYLOAD_CHARS);
        ParsedObservation write = observe(toolUse("e10", "Write",
                "{\"file_path\":\"/home/dev/shop/Big.java\",\"content\":\"" + content + "\"}", "{}")).get(0);

        assertThat(write.title()).isEqualTo("Wrote Big.java");
        assertThat(write.filesModified()).containsExactly("/home/dev/shop/Big.java");
        assertThat(write.facts()).containsExactly("Modified /home/dev/shop/Big.java",
                "Wrote the whole file /home/dev/shop/Big.java");
    }

    @Test
    void skipsWhenNoEventCarriesToolActivity() {
        String prompt = PromptBuilder.observationPrompt(List.of(ONLY_PRIVATE,
                new PromptEvent("e8", "session_start", "hook", AT, "{\"source\":\"startup\"}"))).orElseThrow();

        assertThat(ObservationXmlParser.parse(provider.generate(prompt)))
                .isEqualTo(new ProviderAnswer.Skip("no tool activity worth keeping"));
    }

    @Test
    void answersTheSameBytesForTheSamePrompt() {
        String prompt = PromptBuilder.observationPrompt(List.of(READ, EDIT, FAILING_MVN, USER_PROMPT)).orElseThrow();

        assertThat(new RulesObservationProvider().generate(prompt)).isEqualTo(provider.generate(prompt));
    }

    @Test
    void neverRepeatsPrivateText() {
        PromptEvent mixed = new PromptEvent("e11", "user_prompt", "hook", AT,
                "{\"prompt\":\"deploy with key <private>AKIA-SECRET-42</private> to staging\"}");
        String prompt = PromptBuilder.observationPrompt(List.of(mixed, ONLY_PRIVATE)).orElseThrow();

        String answer = provider.generate(prompt);

        assertThat(answer).contains("deploy with key").doesNotContain("AKIA-SECRET-42", "hunter2", "private");
    }
}
