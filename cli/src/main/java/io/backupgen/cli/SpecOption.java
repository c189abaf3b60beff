package io.backupgen.cli;

import io.backupgen.spec.LoadedSpec;
import io.backupgen.spec.SpecException;
import io.backupgen.spec.SpecLoader;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code -f SPEC}, shared by every command that reads a spec; turns spec errors into exit code 2. */
final class SpecOption {
    @Option(names = {"-f", "--file"}, paramLabel = "SPEC", defaultValue = "backupgen.yaml",
            description = "Spec file (default: ${DEFAULT-VALUE}).")
    Path file;

    LoadedSpec load() {
        return load(file);
    }

    /** Loads {@code file}; spec errors become a {@link UserException} with exit code 2. */
    static LoadedSpec load(Path file) {
        try {
            return SpecLoader.forSpecFile(file).load(file);
        } catch (SpecException e) {
            int n = e.diagnostics().size();
            throw new UserException(ExitCode.USAGE, "invalid spec (" + n + " problem" + (n == 1 ? "" : "s") + "):\n"
                    + e.getMessage(), e);
        }
    }
}
