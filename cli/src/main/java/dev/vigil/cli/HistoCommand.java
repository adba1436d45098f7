package dev.vigil.cli;

import dev.vigil.hprof.HeapDumpCommands;
import dev.vigil.hprof.report.ReportFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code vigil histo DUMP}: class histogram of all objects in a heap dump, in one fast pass. */
@Command(name = "histo", mixinStandardHelpOptions = true,
        description = "Class histogram (instances, shallow bytes) of every object in a heap dump, like jmap -histo.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:ok", "1:analysis failed", "2:usage", "3:bad or corrupt heap dump", "4:I/O error"})
public final class HistoCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DUMP", description = "Heap dump file")
    Path dump;

    @Option(names = "--format", defaultValue = "text", converter = ReportFormatConverter.class,
            description = "text, json or html (default: ${DEFAULT-VALUE})")
    ReportFormat format;

    @Option(names = "--top", defaultValue = "100", description = "Rows (default: ${DEFAULT-VALUE})")
    int top;

    @Override
    public Integer call() {
        return HeapDumpCommands.histo(dump, format, top, System.out, System.err);
    }
}
