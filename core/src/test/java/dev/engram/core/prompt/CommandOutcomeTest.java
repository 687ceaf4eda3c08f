package dev.engram.core.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.core.prompt.CommandOutcome.Result;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

class CommandOutcomeTest {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    /** The first {@code mvn -q test} response of the demo session, verbatim: a surefire failure, no exit code. */
    static final String DEMO_SUREFIRE_FAILURE = "{\"stdout\": \"[ERROR] Tests run: 4, Failures: 1, Errors: 0, "
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
            + "\"interrupted\": false, \"isImage\": false}";

    private static CommandOutcome outcome(String responseJson) {
        return CommandOutcome.of(MAPPER.readTree(responseJson));
    }

    private static CommandOutcome stdout(String stdout) {
        return CommandOutcome.of(MAPPER.createObjectNode().put("stdout", stdout).put("stderr", "")
                .put("interrupted", false));
    }

    @Test
    void passesACommandThatPrintedNoFailure() {
        CommandOutcome outcome = stdout("On branch main\nnothing to commit");

        assertThat(outcome.result()).isEqualTo(Result.PASSED);
        assertThat(outcome.passed()).isTrue();
        assertThat(outcome.failed()).isFalse();
        assertThat(outcome.label()).isEmpty();
        assertThat(outcome.errorLine()).isEmpty();
        assertThat(outcome.firstLine()).isEqualTo("On branch main");
        assertThat(outcome.exitCode()).isNull();
    }

    @Test
    void failsOnANonZeroExitCodeAndPassesOnZero() {
        CommandOutcome failed = outcome("{\"stdout\":\"src/a.ts: error  Unexpected any\",\"exit_code\":2}");

        assertThat(failed.failed()).isTrue();
        assertThat(failed.label()).isEqualTo("exit code 2");
        assertThat(failed.exitCode()).isEqualTo(2);
        assertThat(failed.describe()).isEqualTo("exit code 2: src/a.ts: error Unexpected any");
        assertThat(outcome("{\"stdout\":\"done\",\"exitCode\":0}").passed()).isTrue();
        assertThat(outcome("{\"stdout\":\"\",\"returnCode\":\"127\"}").label()).isEqualTo("exit code 127");
    }

    @Test
    void failsAnInterruptedCommand() {
        CommandOutcome outcome = outcome("{\"stdout\":\"Downloading...\",\"stderr\":\"\",\"interrupted\":true}");

        assertThat(outcome.failed()).isTrue();
        assertThat(outcome.interrupted()).isTrue();
        assertThat(outcome.describe()).isEqualTo("interrupted");
    }

    @Test
    void failsAResponseThatSaysItWasNotSuccessful() {
        CommandOutcome outcome = outcome("{\"output\":\"nope\",\"success\":false}");

        assertThat(outcome.failed()).isTrue();
        assertThat(outcome.label()).isEqualTo("failed");
        assertThat(outcome.firstLine()).isEqualTo("nope");
        assertThat(outcome("{\"output\":\"fine\",\"success\":true}").passed()).isTrue();
    }

    @Test
    void failsOnTheDemoSurefireFailureThatHasNoExitCode() {
        CommandOutcome outcome = outcome(DEMO_SUREFIRE_FAILURE);

        assertThat(outcome.failed()).isTrue();
        assertThat(outcome.exitCode()).isNull();
        assertThat(outcome.label()).isEqualTo("Tests run: 4, Failures: 1");
        assertThat(outcome.errorLine()).startsWith("[ERROR] Tests run: 4, Failures: 1, Errors: 0, Skipped: 0");
        assertThat(outcome.describe()).isEqualTo("Tests run: 4, Failures: 1");
    }

    @Test
    void failsOnSurefireTestErrorsAndNamesThem() {
        CommandOutcome outcome = stdout("[ERROR] Tests run: 7, Failures: 0, Errors: 2, Skipped: 1");

        assertThat(outcome.failed()).isTrue();
        assertThat(outcome.label()).isEqualTo("Tests run: 7, Failures: 0, Errors: 2");
    }

    @Test
    void failsOnAFailureOrErrorMarkerOfASingleTest() {
        CommandOutcome failure = stdout("[ERROR] shop.CartTest.total -- Time elapsed: 0.1 s <<< FAILURE!");
        CommandOutcome error = stdout("shop.CartTest.total -- Time elapsed: 0.1 s <<< ERROR!");

        assertThat(failure.failed()).isTrue();
        assertThat(failure.describe()).isEqualTo("failed: [ERROR] shop.CartTest.total -- Time elapsed: 0.1 s "
                + "<<< FAILURE!");
        assertThat(error.failed()).isTrue();
    }

    @Test
    void passesAnAllGreenSurefireReport() {
        CommandOutcome outcome = stdout("[INFO] Tests run: 4, Failures: 0, Errors: 0, Skipped: 0\n"
                + "[INFO] Tests run: 4, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: 0.2 s -- in shop.CartTest");

        assertThat(outcome.passed()).isTrue();
        assertThat(outcome.label()).isEmpty();
    }

    @Test
    void namesABuildFailureBeforeTheExitCodeAndQuotesTheErrorLine() {
        CommandOutcome outcome = outcome("{\"stdout\":\"[INFO] Scanning for projects...\\n[ERROR] Tests run: 4, "
                + "Failures: 1\\n[INFO] BUILD FAILURE\",\"stderr\":\"\",\"exit_code\":1}");

        assertThat(outcome.label()).isEqualTo("BUILD FAILURE");
        assertThat(outcome.errorLine()).isEqualTo("[ERROR] Tests run: 4, Failures: 1");
        assertThat(outcome.describe()).isEqualTo("BUILD FAILURE: [ERROR] Tests run: 4, Failures: 1");
    }

    @Test
    void saysBuildSuccessForAPassingBuild() {
        CommandOutcome outcome = stdout("[INFO] Tests run: 4, Failures: 0\n[INFO] BUILD SUCCESS");

        assertThat(outcome.passed()).isTrue();
        assertThat(outcome.label()).isEqualTo("BUILD SUCCESS");
    }

    @Test
    void failsOnFailedInTheOutputOrAnErrorOnStderr() {
        CommandOutcome failed = stdout("tests/test_cart.py::test_total FAILED");
        CommandOutcome stderr = outcome("{\"stdout\":\"\",\"stderr\":\"fatal error: cart.h not found\"}");

        assertThat(failed.describe()).isEqualTo("failed: tests/test_cart.py::test_total FAILED");
        assertThat(stderr.describe()).isEqualTo("failed: fatal error: cart.h not found");
        assertThat(outcome("{\"stdout\":\"\",\"stderr\":\"Errors: 0\"}").passed()).isTrue();
    }

    @Test
    void readsAPlainStringResponseAndItsExitCode() {
        JsonNode failing = MAPPER.getNodeFactory().stringNode("Exit code 1\nerror: pathspec 'x' did not match");
        JsonNode passing = MAPPER.getNodeFactory().stringNode("all good");

        assertThat(CommandOutcome.of(failing).describe()).isEqualTo("exit code 1: error: pathspec 'x' did not match");
        assertThat(CommandOutcome.of(passing).passed()).isTrue();
        assertThat(CommandOutcome.of(passing).firstLine()).isEqualTo("all good");
    }

    @Test
    void stripsTerminalColoursBeforeJudging() {
        CommandOutcome outcome = stdout("\u001B[1;31m[ERROR]\u001B[m Tests run: 2, Failures: 1");

        assertThat(outcome.errorLine()).isEqualTo("[ERROR] Tests run: 2, Failures: 1");
        assertThat(outcome.label()).isEqualTo("Tests run: 2, Failures: 1");
    }

    @Test
    void cannotTellFromAMissingResponse() {
        CommandOutcome outcome = CommandOutcome.of(MissingNode.getInstance());

        assertThat(outcome.result()).isEqualTo(Result.UNKNOWN);
        assertThat(outcome.passed()).isFalse();
        assertThat(outcome.failed()).isFalse();
        assertThat(outcome.firstLine()).isEmpty();
    }
}
