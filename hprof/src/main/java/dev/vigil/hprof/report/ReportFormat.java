package dev.vigil.hprof.report;

/** Output formats of the reports. */
public enum ReportFormat {
    TEXT, JSON, HTML;

    /** Parses "text", "json" or "html" (any case). */
    public static ReportFormat parse(String s) {
        return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
