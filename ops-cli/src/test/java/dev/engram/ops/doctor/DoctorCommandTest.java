package dev.engram.ops.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.core.testing.ProviderStub;
import dev.engram.core.testing.TestDatabase;
import dev.engram.ops.EngramCommand;
import dev.engram.ops.dev.DevStack;
import dev.engram.ops.testing.FreePorts;
import dev.engram.ops.testing.SharedDevStack;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code engram doctor} against the shared dev stack, healthy, and with what it checks taken away. */
class DoctorCommandTest {

    private final DevStack stack = SharedDevStack.get();
    private final TestDatabase database = SharedDevStack.database();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void aRunningStackPassesEveryCheck() {
        int status = run("--kafka=" + stack.kafkaBootstrapServers(), "--db-name=" + database.name());

        assertThat(status).as(out.toString() + err).isZero();
        assertThat(out.toString())
                .contains("ok   database").contains("ok   schema           migrated, at V")
                .contains("ok   pgvector").contains("ok   kafka").contains("ok   topics")
                .contains("ok   relay").contains("engram.jobs.event read by generation-processor")
                .contains("engram.jobs.summary read by summary-processor").contains("ok   provider")
                .contains("Everything Engram needs is in place.").doesNotContain("fail");
    }

    @Test
    void eachMissingPieceIsOneFailingLineWithItsFix() {
        int closed = FreePorts.take(1)[0];

        int status = run("--kafka=127.0.0.1:" + closed, "--db-name=" + database.name(), "--provider=openai", "--json");

        assertThat(status).isEqualTo(DoctorCommand.FAILED);
        assertThat(out.toString()).contains("{\"check\":\"kafka\",\"level\":\"fail\"")
                .contains("{\"check\":\"provider\",\"level\":\"fail\"").contains("\"check\":\"database\",\"level\":\"ok\"")
                .contains("start the broker");

        out.getBuffer().setLength(0);
        assertThat(run("--kafka=" + stack.kafkaBootstrapServers(), "--db-port=" + closed)).isEqualTo(DoctorCommand.FAILED);
        assertThat(out.toString()).contains("fail database").contains("pg_ctlcluster 15 main start")
                .doesNotContain("schema");
    }

    @Test
    void aRemoteProviderIsCheckedWithItsKeyWhichIsNeverShown() {
        try (ProviderStub stub = new ProviderStub()) {
            String kafka = "--kafka=" + stack.kafkaBootstrapServers();
            stub.then(ProviderStub.Answer.json(200, "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-4.1-mini\"}]}"));
            run(kafka, "--db-name=" + database.name(), "--provider=openai", "--openai-api-key=sk-doctor-0123456789",
                    "--openai-base-url=" + stub.baseUrl() + "/v1");
            assertThat(out.toString()).contains("ok   provider").contains("openai at " + stub.baseUrl()
                    + "/v1 answers (GET /v1/models: 200)").doesNotContain("sk-doctor");
            assertThat(stub.requests().get(0).header("Authorization")).isEqualTo("Bearer sk-doctor-0123456789");
        }
        try (ProviderStub refusing = new ProviderStub()) {
            out.getBuffer().setLength(0);
            refusing.then(ProviderStub.Answer.json(401, "{\"type\":\"error\",\"error\":{\"type\":"
                    + "\"authentication_error\",\"message\":\"invalid x-api-key\"}}"));
            int status = run("--kafka=" + stack.kafkaBootstrapServers(), "--db-name=" + database.name(),
                    "--provider=anthropic", "--anthropic-api-key=sk-ant-doctor-0123456789",
                    "--anthropic-base-url=" + refusing.baseUrl());
            assertThat(status).isEqualTo(DoctorCommand.FAILED);
            assertThat(out.toString()).contains("fail provider").contains("refused the key (401)")
                    .contains("SPRING_AI_ANTHROPIC_API_KEY").doesNotContain("sk-ant-doctor");
            assertThat(refusing.requests().get(0).path()).isEqualTo("/v1/models");
            assertThat(refusing.requests().get(0).header("x-api-key")).isEqualTo("sk-ant-doctor-0123456789");
        }
    }

    /** Runs {@code engram doctor} against the shared database unless {@code options} say otherwise. */
    private int run(String... options) {
        List<String> args = new ArrayList<>(List.of("doctor"));
        args.addAll(List.of(options));
        args.addAll(List.of("--db-host=" + database.host(), "--db-user=" + database.user(),
                "--db-password=" + database.password()));
        if (args.stream().noneMatch(a -> a.startsWith("--db-port="))) {
            args.add("--db-port=" + database.port());
        }
        if (args.stream().noneMatch(a -> a.startsWith("--db-name="))) {
            args.add("--db-name=" + database.name());
        }
        CommandLine cli = EngramCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args.toArray(String[]::new));
    }
}
