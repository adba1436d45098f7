package dev.vigil.cli;

import dev.vigil.hprof.HeapDumpCommands;
import dev.vigil.hprof.report.ReportFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code vigil analyze DUMP}: leak suspects, biggest dominators, waste and class histogram of a heap dump. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Analyse a heap dump (.hprof or .hprof.gz): leak suspects, dominators, histogram.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:ok", "1:analysis failed", "2:usage", "3:bad or corrupt heap dump", "4:I/O error"})
public final class AnalyzeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DUMP", description = "Heap dump file")
    Path dump;

    @Option(names = "--format", defaultValue = "text", converter = ReportFormatConverter.class,
            description = "text, json or html (default: ${DEFAULT-VALUE})")
    ReportFormat format;

    @Option(names = "--top", defaultValue = "20", description = "Rows per table (default: ${DEFAULT-VALUE})")
    int top;

    @Option(names = "--threshold", defaultValue = "10", description = "Suspect threshold, percent of the reachable heap (default: ${DEFAULT-VALUE})")
    double thresholdPercent;

    @Override
    public Integer call() {
        return HeapDumpCommands.analyze(dump, format, top, thresholdPercent, System.out, System.err);
    }
}
