package io.backupgen.cli;

import io.backupgen.spec.LoadedSpec;
import io.backupgen.spec.SpecException;
import io.backupgen.spec.SpecLoader;
import java.io.InputStream;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code -f SPEC}, shared by every command that reads a spec; turns spec errors into exit code 2. */
final class SpecOption {
    /** What {@code -f -} is called in messages and in the generated files' headers. */
    static final String STDIN_NAME = "stdin";

    @Option(names = {"-f", "--file"}, paramLabel = "SPEC", defaultValue = "backupgen.yaml",
            description = "Spec file, or - for standard input (profiles are then read from ./profiles)"
                    + " (default: ${DEFAULT-VALUE}).")
    String file;

    /** Standard input for {@code -f -}; replaceable by tests through {@link Cli}. */
    InputStream stdin = System.in;

    boolean isStdin() {
        return "-".equals(file);
    }

    /** How the spec is named in messages. */
    String display() {
        return isStdin() ? STDIN_NAME : file;
    }

    LoadedSpec load() {
        try {
            if (isStdin()) {
                return SpecLoader.forSpecFile(Path.of(STDIN_NAME)).load(stdin, STDIN_NAME);
            }
            return SpecLoader.forSpecFile(Path.of(file)).load(Path.of(file));
        } catch (java.nio.file.InvalidPathException e) {
            throw new UserException(ExitCode.USAGE, "-f " + file + ": not a valid file name (" + e.getReason() + ")", e);
        } catch (SpecException e) {
            int n = e.diagnostics().size();
            throw new UserException(ExitCode.USAGE, "invalid spec (" + n + " problem" + (n == 1 ? "" : "s") + "):\n"
                    + e.getMessage(), e);
        }
    }
}
