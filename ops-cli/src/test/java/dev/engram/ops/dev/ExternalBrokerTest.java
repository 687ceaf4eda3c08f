package dev.engram.ops.dev;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.core.testing.TestDatabase;
import dev.engram.ops.EngramCommand;
import dev.engram.ops.demo.DemoResult;
import dev.engram.ops.demo.DemoSession;
import dev.engram.ops.testing.FreePorts;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;

/**
 * {@code engram broker} as a process of its own, and the whole stack against it ({@code --external-broker}): the
 * broker's terminal shows Engram's lines only, the demo session becomes observations and a summary through it, and
 * SIGTERM stops it, its port free again. Runs in the bench JVM (no shared dev stack beside it).
 */
class ExternalBrokerTest {

    @Test
    void theStackRunsAgainstTheBrokerThatEngramBrokerRunsInItsOwnProcess(@TempDir Path dir) throws Exception {
        int[] ports = FreePorts.take(2);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process broker = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                EngramCommand.class.getName(), "broker", "--kafka-port", String.valueOf(ports[0]),
                "--kafka-controller-port", String.valueOf(ports[1]), "--state-dir", dir.resolve("broker").toString())
                .redirectErrorStream(true).start();
        List<String> terminal = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(broker.getInputStream(),
                    StandardCharsets.UTF_8))) {
                lines.lines().forEach(terminal::add);
            } catch (java.io.IOException e) {
                terminal.add("(reading failed: " + e + ")");
            }
        }, "engram-broker-output");
        reader.setDaemon(true);
        reader.start();
        try {
            await().atMost(90, TimeUnit.SECONDS).until(() -> terminal.contains("Press Ctrl-C to stop."));
            String bootstrap = "localhost:" + ports[0];
            assertThat(terminal).first().asString().startsWith("Kafka broker: " + bootstrap + " (cluster ");
            assertThat(terminal).allMatch(line -> line.startsWith("Kafka broker: ") || line.startsWith("Run the stack")
                    || line.startsWith("Logs: ") || line.equals("Press Ctrl-C to stop."));

            ByteArrayOutputStream devTerminal = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(devTerminal, true, StandardCharsets.UTF_8);
            DevStackOptions options = DevStackOptions.defaults()
                    .withExternalBroker(bootstrap)
                    .withHttpPort(0)
                    .withDatabase(TestDatabase.fresh("ops_external_broker").springProperties())
                    .withStateDir(dir.resolve("dev"));
            try (DevStack stack = DevStack.start(options, out)) {
                assertThat(devTerminal.toString(StandardCharsets.UTF_8))
                        .contains("Kafka: " + bootstrap + " (external, cluster ");
                DemoResult result = DemoSession.against(stack.baseUrl(), stack.apiKey(), out,
                        DemoSession.DEFAULT_TIMEOUT).run(stack.projectId());
                assertThat(result.succeeded()).as(devTerminal.toString(StandardCharsets.UTF_8)).isTrue();
            }
        } finally {
            broker.destroy();
            assertThat(broker.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        // SIGTERM ran the shutdown hook: the broker let go of its port
        try (java.net.ServerSocket again = new java.net.ServerSocket(ports[0])) {
            assertThat(again.getLocalPort()).isEqualTo(ports[0]);
        }
    }

    @Test
    void aStackPointedAtNoBrokerSaysSoAndStartsNothing(@TempDir Path dir) {
        int[] ports = FreePorts.take(1);
        DevStackOptions options = DevStackOptions.defaults().withExternalBroker("localhost:" + ports[0])
                .withHttpPort(0).withDatabase(TestDatabase.fresh("ops_external_broker").springProperties())
                .withStateDir(dir);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DevStack.start(options,
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
                .hasMessage("no Kafka broker answers at localhost:" + ports[0] + " within 10 s (start one with: "
                        + "engram broker)");
    }
}
