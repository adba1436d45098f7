package dev.vigil.hprof;

import dev.vigil.hprof.analysis.ClassHistogram;
import dev.vigil.hprof.analysis.HeapAnalysis;
import dev.vigil.hprof.analysis.HeapDiff;
import dev.vigil.hprof.analysis.HeapSummary;
import dev.vigil.hprof.reader.HprofFormatException;
import dev.vigil.hprof.report.AnalysisReport;
import dev.vigil.hprof.report.DiffReport;
import dev.vigil.hprof.report.HistogramReport;
import dev.vigil.hprof.report.ReportFormat;
import dev.vigil.hprof.report.TerminalProgressBar;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * What {@code vigil analyze}, {@code vigil diff} and {@code vigil histo} do, with their exit codes,
 * so the picocli classes stay thin. Errors are one line on {@code err}, never a stack trace.
 */
public final class HeapDumpCommands {
    /** Success. */
    public static final int EXIT_OK = 0;
    /** The analysis itself failed (a bug, or out of memory). */
    public static final int EXIT_ANALYSIS_FAILED = 1;
    /** Bad command-line usage (picocli's default). */
    public static final int EXIT_USAGE = 2;
    /** The input is not a readable heap dump: empty, truncated, corrupt, not HPROF, unsupported id size. */
    public static final int EXIT_BAD_INPUT = 3;
    /** The file could not be read or the report could not be written. */
    public static final int EXIT_IO_ERROR = 4;

    private HeapDumpCommands() {
    }

    public static int analyze(Path dump, ReportFormat format, int top, double suspectThresholdPercent, PrintStream out, PrintStream err) {
        HeapAnalysis.Options options = HeapAnalysis.Options.DEFAULTS.withSuspectThresholdFraction(suspectThresholdPercent / 100.0);
        return guarded(dump, err, () -> {
            try (HeapAnalysis analysis = HeapAnalysis.run(dump, options, TerminalProgressBar.forStderr())) {
                AnalysisReport.write(analysis, dump.getFileName().toString(), top, format, out);
            }
            out.flush();
            return out.checkError() ? EXIT_IO_ERROR : EXIT_OK;
        });
    }

    public static int diff(Path base, Path current, ReportFormat format, int top, PrintStream out, PrintStream err) {
        HeapAnalysis.Options options = HeapAnalysis.Options.DEFAULTS.withFindWaste(false);
        HeapSummary[] summaries = new HeapSummary[2];
        Path[] dumps = {base, current};
        for (int i = 0; i < 2; i++) {
            Path dump = dumps[i];
            int index = i;
            int code = guarded(dump, err, () -> {
                try (HeapAnalysis analysis = HeapAnalysis.run(dump, options, TerminalProgressBar.forStderr())) {
                    summaries[index] = analysis.summary();
                }
                return EXIT_OK;
            });
            if (code != EXIT_OK) {
                return code;
            }
        }
        DiffReport.write(HeapDiff.compare(summaries[0], summaries[1]), base.getFileName().toString(),
                current.getFileName().toString(), top, format, out);
        out.flush();
        return out.checkError() ? EXIT_IO_ERROR : EXIT_OK;
    }

    public static int histo(Path dump, ReportFormat format, int top, PrintStream out, PrintStream err) {
        return guarded(dump, err, () -> {
            ClassHistogram histogram = ClassHistogram.scan(dump, null, TerminalProgressBar.forStderr());
            HistogramReport.write(histogram, dump.getFileName().toString(), top, format, out);
            out.flush();
            return out.checkError() ? EXIT_IO_ERROR : EXIT_OK;
        });
    }

    private interface Action {
        int run() throws IOException;
    }

    private static int guarded(Path dump, PrintStream err, Action action) {
        try {
            return action.run();
        } catch (HprofFormatException e) {
            err.println("vigil: " + dump + " is not a valid heap dump: " + e.getMessage());
            return EXIT_BAD_INPUT;
        } catch (NoSuchFileException e) {
            err.println("vigil: " + dump + ": no such file");
            return EXIT_IO_ERROR;
        } catch (IOException | java.io.UncheckedIOException e) {
            err.println("vigil: " + dump + ": " + e.getMessage());
            return EXIT_IO_ERROR;
        } catch (OutOfMemoryError e) {
            err.println("vigil: out of memory analysing " + dump
                    + "; give the JVM more heap (-Xmx; with ./vigil: VIGIL_JAVA_OPTS=-Xmx2g)");
            return EXIT_ANALYSIS_FAILED;
        } catch (RuntimeException e) {
            err.println("vigil: analysis of " + dump + " failed: " + e);
            return EXIT_ANALYSIS_FAILED;
        }
    }
}
