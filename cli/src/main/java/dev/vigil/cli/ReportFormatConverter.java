package dev.vigil.cli;

import dev.vigil.hprof.report.ReportFormat;
import picocli.CommandLine;

/** {@code --format text|json|html}; anything else is a usage error (exit 2) with picocli's own message. */
final class ReportFormatConverter implements CommandLine.ITypeConverter<ReportFormat> {
    @Override
    public ReportFormat convert(String value) {
        try {
            return ReportFormat.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not text, json or html");
        }
    }
}
