package io.backupgen.report;

import io.backupgen.validate.Finding;
import io.backupgen.validate.Result;
import io.backupgen.validate.Status;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * One line per finding, streamed: {@code file:line: Kind/name: path: message (rule)}, warnings
 * marked; with {@code --verbose} a line per valid or skipped document; with {@code --summary}
 * kubeconform's summary line at the end.
 */
public final class TextWriter implements ResultWriter {
    private final PrintWriter out;
    private final Options options;
    private final Summary summary = new Summary();

    public TextWriter(PrintWriter out, Options options) {
        this.out = out;
        this.options = options;
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
        if (options.verbose() && (result.status() == Status.VALID || result.status() == Status.SKIPPED)) {
            out.println(result.source() + ":" + result.document().line() + ": " + result.document().displayName() + ": "
                    + result.status().name().toLowerCase(Locale.ROOT));
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
        if (options.summary()) {
            out.println(summary.line());
        }
        out.flush();
    }
}
