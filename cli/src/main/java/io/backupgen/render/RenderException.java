package io.backupgen.render;

/** A template failed; the message names the template and line. Always a backupgen bug, never user input. */
public final class RenderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RenderException(String message, Throwable cause) {
        super(message, cause);
    }
}
