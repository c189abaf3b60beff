package io.backupgen.yaml;

/** What a key written twice in one mapping means. */
public enum DuplicateKeys {
    /** The document is refused (specs: which of the two did the user mean?). */
    ERROR,
    /**
     * The last one wins, as kubectl reads it (and so what the API server receives), and the
     * document carries a warning saying so (manifests).
     */
    LAST_WINS
}
