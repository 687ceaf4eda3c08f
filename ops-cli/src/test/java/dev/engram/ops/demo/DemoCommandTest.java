package dev.engram.ops.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.ops.dev.DevStack;
import dev.engram.ops.testing.SharedDevStack;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The whole pipeline end to end: the recorded session goes in over HTTP, observations come back out. */
class DemoCommandTest {

    @Test
    void recordedSessionComesBackAsObservations() {
        DevStack stack = SharedDevStack.get();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

        DemoResult result = DemoSession.against(stack.baseUrl(), stack.apiKey(), out, DemoSession.DEFAULT_TIMEOUT)
                .run(stack.projectId());

        System.out.print(printed.toString(StandardCharsets.UTF_8));
        assertThat(result.missing()).as("events without the observation they should yield").isEmpty();
        assertThat(result.succeeded()).isTrue();
        assertThat(result.observationCount()).isPositive();
        assertThat(result.outcomes()).allSatisfy(o -> assertThat(o.jobStatus()).isNotEqualTo("failed"));
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("observation(s) from 8 events");
    }
}
