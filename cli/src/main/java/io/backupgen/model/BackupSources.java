package io.backupgen.model;

import java.util.List;

/** The backup sources a spec offers, by {@code --from} name. */
public final class BackupSources {
    public static final String VOLUME = "volume";
    /** Off-site object storage (offsite.enabled; see io.backupgen.model.offsite.Offsite). */
    public static final String OFFSITE = "offsite";
    /** Every name {@code --from} knows, configured or not, for help and completion. */
    public static final List<String> NAMES = List.of(VOLUME, OFFSITE);

    private BackupSources() {
    }

    /** What {@code --from} means when not given: the volume, or the bucket when there is no volume. */
    public static String defaultFor(BackupModel model) {
        return model.storage().scratch() ? OFFSITE : VOLUME;
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
        if (name == null) {
            name = defaultFor(model);
        }
        if (VOLUME.equals(name)) {
            if (model.storage().scratch()) {
                throw new UnavailableException("storage.mode is scratch in " + model.specFile() + ": there is no"
                        + " backup volume to read; read the bucket with --from offsite");
            }
            return BackupSource.VOLUME;
        }
        if (OFFSITE.equals(name)) {
            if (model.offsiteEnabled()) {
                return model.offsite();
            }
            throw new UnavailableException("off-site storage is not configured in " + model.specFile()
                    + " (offsite.enabled is false); restore from the backup volume (--from volume, the default)");
        }
        throw new UnavailableException("unknown backup source '" + name + "'; --from takes one of "
                + String.join(", ", NAMES));
    }
}
