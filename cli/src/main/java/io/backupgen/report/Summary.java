package io.backupgen.report;

import io.backupgen.validate.Result;
import io.backupgen.validate.Status;
import java.util.LinkedHashSet;
import java.util.Set;

/** Counts what the writers saw. */
final class Summary {
    final Set<String> sources = new LinkedHashSet<>();
    int resources;
    int valid;
    int invalid;
    int errors;
    int skipped;
    int warnings;

    void add(Result r) {
        sources.add(r.source());
        resources++;
        warnings += r.warnings().size();
        switch (r.status()) {
            case VALID -> valid++;
            case INVALID -> invalid++;
            case ERROR -> errors++;
            case SKIPPED -> skipped++;
            default -> throw new IllegalStateException(String.valueOf(r.status()));
        }
    }

    /** "Summary: 6 resources found in 5 files - Valid: 5, Invalid: 0, Errors: 0, Skipped: 1" (kubeconform's line). */
    String line() {
        return "Summary: " + resources + " resource" + (resources == 1 ? "" : "s") + " found in " + sources.size()
                + " file" + (sources.size() == 1 ? "" : "s") + " - Valid: " + valid + ", Invalid: " + invalid
                + ", Errors: " + errors + ", Skipped: " + skipped + (warnings > 0 ? ", Warnings: " + warnings : "");
    }

    static boolean failed(Status s) {
        return s == Status.INVALID || s == Status.ERROR;
    }
}
