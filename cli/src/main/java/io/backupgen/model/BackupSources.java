package io.backupgen.model;

import java.util.List;

/** The backup sources a spec offers, by {@code --from} name. */
public final class BackupSources {
    public static final String VOLUME = "volume";
    /** Off-site object storage; a source once the spec can configure it (issue 9). */
    public static final String OFFSITE = "offsite";
    /** Every name {@code --from} knows, configured or not, for help and completion. */
    public static final List<String> NAMES = List.of(VOLUME, OFFSITE);

    private BackupSources() {
    }

    /** A source that cannot be used with this spec: the message says why and what to do. */
    public static final class UnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UnavailableException(String message) {
            super(message);
        }
    }

    /**
     * The source called {@code name} for {@code model}.
     *
     * @throws UnavailableException for an unknown name, or a source the spec does not configure
     */
    public static BackupSource resolve(String name, BackupModel model) {
        if (VOLUME.equals(name)) {
            return BackupSource.VOLUME;
        }
        if (OFFSITE.equals(name)) {
            throw new UnavailableException("off-site storage is not configured in " + model.specFile()
                    + "; restore from the backup volume (--from volume, the default)");
        }
        throw new UnavailableException("unknown backup source '" + name + "'; --from takes one of "
                + String.join(", ", NAMES));
    }
}
