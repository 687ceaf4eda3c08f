package dev.engram.ops.demo;

import dev.engram.ops.dev.DevStack;
import dev.engram.ops.dev.StackOptions;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code engram demo}: starts the stack, replays the recorded session, prints the observations and
 * stops; the exit status says whether the pipeline works end to end.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start the stack, replay a recorded Claude Code session and print its observations.")
public final class DemoCommand implements Callable<Integer> {

    @Mixin
    private StackOptions stack = new StackOptions();

    @Option(names = "--timeout", defaultValue = "60", description = "Seconds to wait for observations (default ${DEFAULT-VALUE}).")
    private long timeoutSeconds = 60;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        DemoResult result;
        try (DevStack running = DevStack.start(stack.toDevStackOptions(), out)) {
            result = DemoSession.against(running.baseUrl(), running.apiKey(), out, Duration.ofSeconds(timeoutSeconds))
                    .run(running.projectId());
        }
        if (!result.missing().isEmpty()) {
            throw new IllegalStateException("No observations within " + timeoutSeconds + " s for: "
                    + result.missing().stream().map(o -> o.event().label() + " (job " + o.jobStatus() + ")")
                            .collect(Collectors.joining(", ")));
        }
        if (!result.succeeded()) {
            throw new IllegalStateException("The session's summary did not come back within " + timeoutSeconds
                    + " s (is the summary processor running?)");
        }
        out.println("Demo succeeded.");
        return 0;
    }
}
