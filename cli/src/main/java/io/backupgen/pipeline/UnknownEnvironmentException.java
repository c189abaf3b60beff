package io.backupgen.pipeline;

import io.backupgen.text.Suggest;
import java.util.List;

/** {@code --env} named an environment the spec does not define; the message lists the defined ones. */
public final class UnknownEnvironmentException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    UnknownEnvironmentException(String specFile, String name, List<String> defined) {
        super(message(specFile, name, defined));
    }

    private static String message(String specFile, String name, List<String> defined) {
        if (defined.isEmpty()) {
            return "unknown environment '" + name + "': " + specFile + " defines no environments"
                    + " (add them under 'environments:', each with a profile and its overrides)";
        }
        return "unknown environment '" + name + "'; " + specFile + " defines: " + String.join(", ", defined)
                + Suggest.nearest(name, defined).map(n -> "; did you mean '" + n + "'?").orElse("");
    }
}
