package io.backupgen.cli;

/** The process exit codes backupgen documents in README and every command's --help. */
public final class ExitCode {
    /** Everything asked for was done and nothing was found wrong. */
    public static final int OK = 0;
    /** The command ran, and found something: validation findings, or drift under --check. */
    public static final int FINDINGS = 1;
    /** The command could not run as asked: bad flags, an unreadable or invalid spec, I/O errors. */
    public static final int USAGE = 2;

    /** Shown at the foot of every --help so CI authors need not look it up. */
    public static final String FOOTER = "%nExit codes:%n"
            + "  0  ok%n"
            + "  1  findings (validation errors, drift with --check, plan: overlaps or storage shortfall)%n"
            + "  2  usage or input error (bad flags, invalid spec, unreadable files)%n";

    private ExitCode() {
    }
}
