package io.backupgen.emit;

import java.io.IOException;

/**
 * The steps of writing a tree, in order; {@link Listener} hears each one after it is done. The product
 * listens with {@link Listener#NONE}; the fault-injection tests stop the write at every step (with an
 * I/O error, or by halting the JVM) and prove the tree is then wholly old or wholly new.
 */
public enum WriteStep {
    /** One rendered or kept file is in the staging folder (detail: its path). */
    FILE_STAGED,
    /** The new folders and manifest are complete in the staging folder; nothing under the output changed yet. */
    STAGED,
    /** The journal is written: from here on an interrupted write is finished by the next run. */
    JOURNAL_WRITTEN,
    /** A folder (or the manifest) was moved aside into the staging folder (detail: its path). */
    OLD_MOVED,
    /** Its new version was moved into place (detail: its path). */
    NEW_MOVED,
    /** Every switch is done and the journal removed. */
    JOURNAL_REMOVED,
    /** The staging folder, with the old versions, is deleted. */
    CLEANED;

    /** Hears each step; may throw to simulate a failure there. */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = (step, detail) -> {
        };

        void at(WriteStep step, String detail) throws IOException;
    }
}
