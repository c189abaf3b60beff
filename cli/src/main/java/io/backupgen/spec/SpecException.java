package io.backupgen.spec;

import java.util.List;
import java.util.stream.Collectors;

/** The spec (or a profile under it) cannot be used; carries every problem found, not just the first. */
public final class SpecException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<Diagnostic> diagnostics;

    public SpecException(List<Diagnostic> diagnostics) {
        super(diagnostics.stream().map(Diagnostic::format).collect(Collectors.joining("\n")));
        this.diagnostics = List.copyOf(diagnostics);
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
