package dev.engram.ops.projects;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code engram projects}: groups the project subcommands; on its own it only prints their usage. */
@Command(name = "projects", description = "Manage projects.", mixinStandardHelpOptions = true,
        subcommands = ProjectPolicyCommand.class)
public final class ProjectsCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
