package dev.vigil.cli;

import dev.vigil.hprof.HeapDumpCommands;
import dev.vigil.hprof.report.ReportFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code vigil diff BASE CURRENT}: what grew between two heap dumps of the same process. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Compare two heap dumps: per-class deltas and the dominator paths that grew.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:ok", "1:analysis failed", "2:usage", "3:bad or corrupt heap dump", "4:I/O error"})
public final class DiffCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BASE", description = "Earlier heap dump")
    Path base;

    @Parameters(index = "1", paramLabel = "CURRENT", description = "Later heap dump")
    Path current;

    @Option(names = "--format", defaultValue = "text", converter = ReportFormatConverter.class,
            description = "text, json or html (default: ${DEFAULT-VALUE})")
    ReportFormat format;

    @Option(names = "--top", defaultValue = "20", description = "Rows per table (default: ${DEFAULT-VALUE})")
    int top;

    @Override
    public Integer call() {
        return HeapDumpCommands.diff(base, current, format, top, System.out, System.err);
    }
}
