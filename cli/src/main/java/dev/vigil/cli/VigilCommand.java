package dev.vigil.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code vigil} command line: one jar that is both this CLI and the agent. */
@Command(name = "vigil",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Finds memory leaks and performance problems in long-running JVM services.",
        subcommands = {
                CommandLine.HelpCommand.class,
                AttachCommand.class,
                DemoCommand.class,
                ServiceCommand.class,
                AnalyzeCommand.class,
                DiffCommand.class,
                HistoCommand.class,
        })
public final class VigilCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        int exitCode = new CommandLine(new VigilCommand()).execute(args);
        System.exit(exitCode);
    }
}
