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
