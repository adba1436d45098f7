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

    /** The command line with its error handling: whatever escapes a command is one line and exit 1, no stack trace. */
    static CommandLine commandLine() {
        return new CommandLine(new VigilCommand()).setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            commandLine.getErr().println("vigil " + commandLine.getCommandName() + ": " + message);
            return 1;
        });
    }

    public static void main(String[] args) {
        int exitCode = commandLine().execute(args);
        System.exit(exitCode);
    }
}
