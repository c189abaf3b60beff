package io.backupgen.cli;

/**
 * An error the user can fix (bad input, refused overwrite). Carries its exit code so commands can
 * just throw; the CLI factory prints the message (no stack trace) and exits with the code.
 */
public class UserException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public UserException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public UserException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
