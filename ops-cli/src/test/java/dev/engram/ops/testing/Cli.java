package dev.engram.ops.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.core.testing.TestDatabase;
import dev.engram.ops.EngramCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Runs {@code engram} in the test JVM against a test database, keeping what it printed. */
public final class Cli {

    private final TestDatabase database;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    public Cli(TestDatabase database) {
        this.database = database;
    }

    /** Runs the command with the database options appended; answers its exit status. */
    public int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        String[] all = Arrays.copyOf(args, args.length + 5);
        all[args.length] = "--db-host=" + database.host();
        all[args.length + 1] = "--db-port=" + database.port();
        all[args.length + 2] = "--db-name=" + database.name();
        all[args.length + 3] = "--db-user=" + database.user();
        all[args.length + 4] = "--db-password=" + database.password();
        CommandLine cli = EngramCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(all);
    }

    /** {@code engram keys create} for team {@code dev} and {@code project}: the raw key it printed. */
    public String createKey(String project, String scopes, String label) {
        assertThat(run("keys", "create", "--team", "dev", "--project", project, "--scopes", scopes,
                "--label", label)).as(err()).isZero();
        Matcher key = Pattern.compile("(?m)^API key: (cm_[0-9a-f]{48})$").matcher(out());
        assertThat(key.find()).as(out()).isTrue();
        return key.group(1);
    }

    /** What the last run printed on standard output. */
    public String out() {
        return out.toString();
    }

    /** What the last run printed on standard error. */
    public String err() {
        return err.toString();
    }
}
