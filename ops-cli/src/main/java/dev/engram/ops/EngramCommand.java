package dev.engram.ops;

import dev.engram.ops.audit.AuditCommand;
import dev.engram.ops.bench.BenchCommand;
import dev.engram.ops.demo.DemoCommand;
import dev.engram.ops.doctor.DoctorCommand;
import dev.engram.ops.jobs.JobsCommand;
import dev.engram.ops.keys.KeysCommand;
import dev.engram.ops.portable.ExportCommand;
import dev.engram.ops.portable.ImportCommand;
import dev.engram.ops.projects.ProjectsCommand;
import dev.engram.ops.reindex.ReindexCommand;
import dev.engram.ops.replay.ReplayCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code engram} command: the entry point of {@code engram.jar}. Subcommands do the work; this
 * class only wires them and turns any failure into one readable line and a non-zero exit status.
 */
@Command(name = "engram", mixinStandardHelpOptions = true, versionProvider = EngramCommand.Version.class,
        description = "Engram: a streaming memory pipeline for coding agents.",
        subcommands = {DevCommand.class, BrokerCommand.class, DemoCommand.class, BenchCommand.class, KeysCommand.class,
                ProjectsCommand.class, JobsCommand.class, AuditCommand.class,
                ReplayCommand.class, ReindexCommand.class, ExportCommand.class, ImportCommand.class, DoctorCommand.class})
public final class EngramCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests run it without exiting the JVM. */
    public static CommandLine commandLine() {
        return new CommandLine(new EngramCommand())
                .setExecutionExceptionHandler(new OneLineErrors());
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The version from the jar's manifest; {@code dev} when run from classes (tests, an IDE). */
    static final class Version implements IVersionProvider {

        @Override
        public String[] getVersion() {
            String version = EngramCommand.class.getPackage().getImplementationVersion();
            return new String[] {"engram " + (version == null ? "dev" : version)};
        }
    }
}
