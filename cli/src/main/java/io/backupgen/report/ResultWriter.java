package io.backupgen.report;

import io.backupgen.validate.Result;
import io.backupgen.validate.ValidationReport;
import java.io.PrintWriter;

/**
 * Writes validation results, kubeconform-style: {@link #write} is called per document (text
 * streams it), {@link #flush} once at the end (summaries; JSON and JUnit write everything then).
 */
public interface ResultWriter {

    /** Counts a source even if it held no document, so the summary's file count is right. */
    void source(String source);

    void write(Result result);

    void flush();

    /** Writes a whole report and flushes. */
    default void writeAll(ValidationReport report) {
        report.sources().forEach(this::source);
        report.results().forEach(this::write);
        flush();
    }

    static ResultWriter of(OutputFormat format, PrintWriter out) {
        return switch (format) {
            case TEXT -> new TextWriter(out);
            case JSON -> new JsonWriter(out);
            case JUNIT -> new JUnitWriter(out);
        };
    }
}
