package dev.engram.ops.jobs;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code engram jobs}: groups the job subcommands; on its own it only prints their usage. */
@Command(name = "jobs", description = "Inspect and operate generation jobs.", mixinStandardHelpOptions = true,
        subcommands = {JobsStatusCommand.class, JobsListCommand.class, JobsShowCommand.class, JobsRetryCommand.class,
                JobsCancelCommand.class, JobsRequeueCommand.class})
public final class JobsCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
