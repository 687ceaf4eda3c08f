package dev.engram.ops.jobs;

import dev.engram.ops.database.DatabaseOptions;
import dev.engram.ops.database.SchemaMigrator;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code engram jobs cancel}: cancels a queued, processing or failed job (as {@code POST /v1/jobs/{id}/cancel}). */
@Command(name = "cancel", description = "Cancel a queued, processing or failed job (audited).",
        mixinStandardHelpOptions = true)
public final class JobsCancelCommand implements Callable<Integer> {

    @Parameters(paramLabel = "<job id>")
    private String id = "";

    @Mixin
    private DatabaseOptions databaseOptions = new DatabaseOptions();

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        new SchemaMigrator(databaseOptions.settings()).migrate();
        JobOperator.Result result = new JobOperator(databaseOptions.settings()).cancel(id, JobOperator.newRequestId());
        PrintWriter out = spec.commandLine().getOut();
        int exit = switch (result.outcome()) {
            case DONE -> {
                out.println("Job " + id + " is cancelled: a processor holding it discards its results, and a later "
                        + "delivery does nothing.");
                yield 0;
            }
            case ALREADY -> {
                out.println("Job " + id + " was already cancelled.");
                yield 0;
            }
            case REFUSED -> {
                spec.commandLine().getErr().println("engram: job " + id + " is " + result.job().status().wireName()
                        + "; a completed job cannot be cancelled");
                yield JobsRetryCommand.REFUSED;
            }
        };
        out.flush();
        return exit;
    }
}
