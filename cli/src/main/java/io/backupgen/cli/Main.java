package io.backupgen.cli;

/** Process entry point: everything else is reachable, and testable, through {@link Cli}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(Cli.create().execute(args));
    }
}
