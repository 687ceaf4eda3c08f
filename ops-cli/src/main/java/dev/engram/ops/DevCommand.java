package dev.engram.ops;

import dev.engram.ops.demo.DemoSession;
import dev.engram.ops.dev.DevStack;
import dev.engram.ops.dev.StackOptions;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code engram dev}: runs the whole stack in this process until Ctrl-C, for local development and
 * for pointing a real Claude Code at it.
 */
@Command(name = "dev", mixinStandardHelpOptions = true,
        description = "Run Postgres checks, a Kafka broker and all Engram apps in one process until Ctrl-C.")
public final class DevCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private StackOptions stack = new StackOptions();

    @Option(names = "--demo", description = "Replay the recorded demo session once the stack is up.")
    private boolean demo;

    @Option(names = "--no-processors",
            description = "Run only the ingest API and its outbox relay: jobs queue up for processors run elsewhere "
                    + "(or for benchmarking ingest alone). Not with --demo.")
    private boolean noProcessors;

    @Override
    public Integer call() throws InterruptedException {
        if (demo && noProcessors) {
            throw new ParameterException(spec.commandLine(), "--demo needs the processors; drop --no-processors");
        }
        PrintStream out = System.out;
        DevStack running = DevStack.start(stack.toDevStackOptions().withProcessors(!noProcessors), out);
        CountDownLatch stopped = new CountDownLatch(1);
        // Ctrl-C ends the JVM through its shutdown hooks; this one stops the apps, then the broker, in order.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Stopping Engram ...");
            running.close();
            stopped.countDown();
        }, "engram-dev-shutdown"));
        if (demo) {
            DemoSession.against(running.baseUrl(), running.apiKey(), out, DemoSession.DEFAULT_TIMEOUT).run(running.projectId());
        }
        out.println("Engram is running. Press Ctrl-C to stop.");
        stopped.await();
        return 0;
    }
}
