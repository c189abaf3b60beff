package io.backupgen.emit;

import java.nio.file.Path;

/**
 * {@code <output>/.backupgen/}: backupgen's bookkeeping beside what it writes. {@code manifest} is
 * the record of written files (commit it); {@code lock}, {@code journal} and {@code staging-*} exist
 * only while a render writes, or after one was killed (the next render finishes or removes them).
 */
final class StateDir {
    static final String NAME = ".backupgen";
    static final String STAGING_PREFIX = "staging-";
    /** Where renders before the journaled protocol staged their files (directly in the output directory). */
    static final String LEGACY_STAGING_PREFIX = ".backupgen-staging-";
    static final String GITIGNORE = "# backupgen's working files: only the manifest belongs in version control.\n"
            + "*\n!.gitignore\n!manifest\n";

    private StateDir() {
    }

    static Path of(Path root) {
        return root.resolve(NAME);
    }

    static Path lock(Path root) {
        return of(root).resolve("lock");
    }

    static Path journal(Path root) {
        return of(root).resolve("journal");
    }

    static Path manifest(Path root) {
        return of(root).resolve("manifest");
    }

    static Path gitignore(Path root) {
        return of(root).resolve(".gitignore");
    }

    /** The manifest's path relative to the output directory, as the journal names it. */
    static final String MANIFEST_PATH = NAME + "/manifest";
}
