package dev.engram.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.core.testing.TestDatabase;
import dev.engram.ops.testing.FreePorts;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class EngramCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void printsItsVersion() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).startsWith("engram ");
    }

    @Test
    void keysCreatePrintsTheKeyWithItsTeamAndProject() {
        TestDatabase db = TestDatabase.fresh("ops");

        int status = run("keys", "create", "--team", "cli-team", "--project", "cli-project",
                "--scopes", "memories:read,memories:write", "--label", "ci",
                "--db-host", db.host(), "--db-port", String.valueOf(db.port()), "--db-name", db.name(),
                "--db-user", db.user(), "--db-password", db.password());

        assertThat(status).as(err.toString()).isZero();
        assertThat(out.toString())
                .containsPattern("(?m)^API key: cm_[0-9a-f]{48}$")
                .contains("Team: cli-team  Project: cli-project")
                .contains("shown only once");
    }

    @Test
    void projectsPolicyShowsSetsAndResetsAProjectsGenerationPolicy() {
        TestDatabase db = TestDatabase.fresh("ops");
        String[] dbOptions = {"--db-host", db.host(), "--db-port", String.valueOf(db.port()), "--db-name", db.name(),
                "--db-user", db.user(), "--db-password", db.password()};
        assertThat(run(concat(new String[] {"keys", "create", "--team", "policy-team", "--project", "policy-project",
                "--scopes", "*"}, dbOptions))).isZero();

        assertThat(run(concat(new String[] {"projects", "policy", "--project", "policy-project", "--set", "debounce"},
                dbOptions))).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Project policy-project: generation policy debounce");
        assertThat(run(concat(new String[] {"projects", "policy", "--project", "policy-project", "--set", "default"},
                dbOptions))).isZero();
        assertThat(out.toString()).contains("generation policy of the deployment");

        assertThat(run(concat(new String[] {"projects", "policy", "--project", "policy-project", "--set", "often"},
                dbOptions))).isNotZero();
        assertThat(err.toString()).contains("unknown generation policy 'often'");
        assertThat(run(concat(new String[] {"projects", "policy", "--project", "nope"}, dbOptions))).isNotZero();
        assertThat(err.toString()).contains("no project 'nope'");
    }

    @Test
    void devRefusesADemoWithoutProcessorsBeforeStartingAnything() {
        int status = run("dev", "--no-processors", "--demo");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("--demo needs the processors; drop --no-processors");
        assertThat(out.toString()).doesNotContain("Kafka:");
    }

    @Test
    void reportsAnUnreachableDatabaseInOneLineAndFails() {
        int closedPort = FreePorts.take(1)[0];

        int status = run("keys", "create", "--team", "t", "--project", "p", "--scopes", "*",
                "--db-host", "127.0.0.1", "--db-port", String.valueOf(closedPort));

        assertThat(status).isNotZero();
        assertThat(err.toString().strip())
                .isEqualTo("engram: Postgres is not reachable at 127.0.0.1:" + closedPort
                        + " — start it with: pg_ctlcluster 15 main start");
    }

    private static String[] concat(String[] first, String[] second) {
        String[] all = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    private int run(String... args) {
        CommandLine cli = EngramCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}
