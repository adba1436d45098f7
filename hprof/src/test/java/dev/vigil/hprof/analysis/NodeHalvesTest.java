package dev.vigil.hprof.analysis;

import dev.vigil.hprof.ProgressListener;
import dev.vigil.hprof.TestDumps;
import dev.vigil.hprof.report.AnalysisReport;
import dev.vigil.hprof.report.ReportFormat;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The passes split in two halves give the same full report on a real JVM dump with the helper thread as without. */
class NodeHalvesTest {

    private static String report(Path dump) throws Exception {
        try (HeapAnalysis analysis = HeapAnalysis.run(dump, HeapAnalysis.Options.DEFAULTS, ProgressListener.NONE)) {
            StringBuilder out = new StringBuilder();
            AnalysisReport.write(analysis, "dump", 500, ReportFormat.JSON, out);
            return out.toString();
        }
    }

    @Test
    void sameReportWithTheHelperThread() throws Exception {
        Path dump = TestDumps.plainDump();
        int saved = NodeHalves.minNodesForHelper;
        String oneThread;
        String twoThreads;
        try {
            NodeHalves.minNodesForHelper = Integer.MAX_VALUE;
            oneThread = report(dump);
            NodeHalves.minNodesForHelper = 0;
            twoThreads = report(dump);
        } finally {
            NodeHalves.minNodesForHelper = saved;
        }
        assertThat(twoThreads).isEqualTo(oneThread).contains("duplicate_strings");
    }
}
