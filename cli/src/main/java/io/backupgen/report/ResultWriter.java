package io.backupgen.report;

import io.backupgen.validate.Result;
import io.backupgen.validate.ValidationReport;
import java.io.PrintWriter;

/**
 * Writes validation results, kubeconform-style: {@link #write} is called per document (text
 * streams it), {@link #flush} once at the end (summaries; JSON and JUnit write everything then).
 */
public interface ResultWriter {

    /**
     * @param summary print the counts at the end (kubeconform's {@code -summary})
     * @param verbose list valid and skipped documents too (kubeconform's {@code -verbose})
     */
    record Options(boolean summary, boolean verbose) {
        public static final Options DEFAULT = new Options(false, false);
    }

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

    static ResultWriter of(OutputFormat format, PrintWriter out, Options options) {
        return switch (format) {
            case TEXT -> new TextWriter(out, options);
            case JSON -> new JsonWriter(out, options);
            case JUNIT -> new JUnitWriter(out);
        };
    }
}
