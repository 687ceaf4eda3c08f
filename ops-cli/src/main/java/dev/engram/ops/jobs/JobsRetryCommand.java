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

/** {@code engram jobs retry}: puts a failed or cancelled job back in the queue (as {@code POST /v1/jobs/{id}/retry}). */
@Command(name = "retry", description = "Retry a failed or cancelled job (audited).", mixinStandardHelpOptions = true)
public final class JobsRetryCommand implements Callable<Integer> {

    static final int REFUSED = 4;

    @Parameters(paramLabel = "<job id>")
    private String id = "";

    @Mixin
    private DatabaseOptions databaseOptions = new DatabaseOptions();

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        new SchemaMigrator(databaseOptions.settings()).migrate();
        JobOperator.Result result = new JobOperator(databaseOptions.settings()).retry(id, JobOperator.newRequestId());
        PrintWriter out = spec.commandLine().getOut();
        String status = result.job().status().wireName();
        int exit = switch (result.outcome()) {
            case DONE -> {
                out.println("Job " + id + " is queued again and will be published by the relay (attempts "
                        + result.job().attempts() + "/" + result.job().maxAttempts() + ").");
                yield 0;
            }
            case ALREADY -> {
                out.println("Job " + id + " is already queued: nothing to do.");
                yield 0;
            }
            case REFUSED -> {
                spec.commandLine().getErr().println("engram: job " + id + " is " + status
                        + "; only a failed or cancelled job can be retried");
                yield REFUSED;
            }
        };
        out.flush();
        return exit;
    }
}
