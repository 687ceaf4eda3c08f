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

    @Test
    void keysAreListedWithoutTheKeyAndRevokedByTheirPrefixWithAnAuditRow() throws Exception {
        TestDatabase db = TestDatabase.fresh("ops");
        String[] dbOptions = {"--db-host", db.host(), "--db-port", String.valueOf(db.port()), "--db-name", db.name(),
                "--db-user", db.user(), "--db-password", db.password()};
        assertThat(run(concat(new String[] {"keys", "create", "--team", "list-team", "--project", "list-project",
                "--scopes", "memories:read", "--expires-in", "30d"}, dbOptions))).as(err.toString()).isZero();
        String projectKey = rawKey(out.toString());
        assertThat(out.toString()).contains("Expires: ");
        out.getBuffer().setLength(0);
        assertThat(run(concat(new String[] {"keys", "create", "--team", "list-team", "--scopes", "*"}, dbOptions)))
                .as(err.toString()).isZero();
        String teamKey = rawKey(out.toString());
        assertThat(out.toString()).contains("Project: every project of the team");
        out.getBuffer().setLength(0);

        assertThat(run(concat(new String[] {"keys", "list", "--team", "list-team"}, dbOptions))).as(err.toString())
                .isZero();
        String listed = out.toString();
        assertThat(listed).contains("PREFIX").contains(projectKey.substring(0, 11)).contains(teamKey.substring(0, 11))
                .contains("list-project").contains("(team)").contains("memories:read")
                .doesNotContain(projectKey).doesNotContain(teamKey);
        out.getBuffer().setLength(0);

        assertThat(run(concat(new String[] {"keys", "revoke", projectKey.substring(0, 11)}, dbOptions)))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains("Revoked key " + projectKey.substring(0, 11));
        assertThat(run(concat(new String[] {"keys", "revoke", projectKey.substring(0, 11)}, dbOptions))).isZero();
        assertThat(out.toString()).contains("was already revoked");
        assertThat(run(concat(new String[] {"keys", "revoke", "cm_00000000"}, dbOptions))).isNotZero();
        assertThat(err.toString()).contains("no key has the id or prefix cm_00000000");
        out.getBuffer().setLength(0);

        assertThat(run(concat(new String[] {"keys", "list", "--team", "list-team", "--json"}, dbOptions))).isZero();
        assertThat(out.toString()).doesNotContain(projectKey.substring(0, 11));
        out.getBuffer().setLength(0);
        assertThat(run(concat(new String[] {"keys", "list", "--team", "list-team", "--all", "--json"}, dbOptions)))
                .isZero();
        assertThat(out.toString()).contains(projectKey.substring(0, 11)).containsPattern("\"revokedAt\":\"20");
        try (var c = db.connect(); var s = c.createStatement();
                var rs = s.executeQuery("SELECT action FROM audit_log WHERE team_id = 'list-team' ORDER BY id")) {
            java.util.List<String> actions = new java.util.ArrayList<>();
            while (rs.next()) {
                actions.add(rs.getString(1));
            }
            assertThat(actions).containsExactly("key.created", "key.created", "key.revoked");
        }
    }

    @Test
    void aKeysLifetimeMustBeADuration() {
        assertThat(run("keys", "create", "--team", "t", "--scopes", "*", "--expires-in", "soon")).isEqualTo(2);
        assertThat(err.toString()).contains("'soon' is not a duration such as 30d, 12h or 90m");
    }

    private static String rawKey(String output) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("API key: (cm_[0-9a-f]{48})").matcher(output);
        assertThat(m.find()).as(output).isTrue();
        return m.group(1);
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
