package io.backupgen.emit;

import io.backupgen.text.IoErrors;
import java.io.IOException;

/**
 * Writing the tree failed or was refused. The message says what state the output directory is in
 * ("nothing was changed", or "the next render finishes the write") and, when an I/O failure caused
 * it, the path, the cause in words and what to do.
 */
public final class WriteException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WriteException(String message) {
        super(message);
    }

    public WriteException(String state, IOException cause) {
        super(state + ":\n  " + IoErrors.describe(cause).summary() + advice(cause), cause);
    }

    private static String advice(IOException cause) {
        String a = IoErrors.describe(cause).advice();
        return a.isEmpty() ? "" : "\n  " + a;
    }
}
