package io.backupgen.report;

import io.backupgen.validate.Finding;
import io.backupgen.validate.Result;
import java.io.PrintWriter;

/**
 * One line per finding, streamed: {@code file:line: Kind/name: path: message (rule)}, warnings
 * marked, then kubeconform's summary line.
 */
public final class TextWriter implements ResultWriter {
    private final PrintWriter out;
    private final Summary summary = new Summary();

    public TextWriter(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void source(String source) {
        summary.sources.add(source);
    }

    @Override
    public void write(Result result) {
        summary.add(result);
        for (Finding f : result.findings()) {
            out.println(format(f));
        }
    }

    /** The one-line form of a finding, also handy in exception messages. */
    public static String format(Finding f) {
        return f.source() + ":" + f.line() + ": " + f.displayName() + ": "
                + (f.path().isEmpty() ? "" : f.path() + ": ")
                + (f.isError() ? "" : "warning: ") + f.message() + " (" + f.rule() + ")";
    }

    @Override
    public void flush() {
        out.println(summary.line());
        out.flush();
    }
}
