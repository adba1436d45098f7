package dev.vigil.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad arguments get picocli's usage error (exit 2) with a sentence; nothing prints a stack trace. */
class CommandLineErrorsTest {
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = VigilCommand.commandLine();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        return cl.execute(args);
    }

    @Test
    void aBadDurationIsAUsageErrorWithASentence() {
        assertThat(run("demo", "--duration", "3m30s")).isEqualTo(2);
        assertThat(err.toString()).contains("'3m30s' is not a duration").doesNotContain("\tat ");
    }

    @Test
    void aBadReportFormatIsAUsageErrorWithASentence() {
        assertThat(run("analyze", "x.hprof", "--format", "pdf")).isEqualTo(2);
        assertThat(err.toString()).contains("'pdf' is not text, json or html").doesNotContain("\tat ");
    }

    @Test
    void aMissingDumpIsAnIoErrorInOneLine() {
        assertThat(run("histo", "/nonexistent/heap.hprof")).isEqualTo(4);
    }
}
