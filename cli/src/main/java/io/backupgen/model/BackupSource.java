package io.backupgen.model;

/**
 * Where a one-off Job reads backups from ({@code --from}). Each source is one module: the volume (the
 * default) changes nothing; an off-site store adds an init container that fetches the files into a
 * scratch volume and points the Job's {@code BACKUP_DIR} at them. {@link OneOffJobs} applies the source
 * to every Job that reads backups, so adding a source never changes the builders or their callers.
 */
public interface BackupSource {
    /** The name {@code --from} takes. */
    String name();

    /** {@code job} (as it reads the backup volume) changed to read from this source instead. */
    BackupModel.Job readFrom(BackupModel.Job job);

    /** The backup volume itself: what every Job mounts at /backups. */
    BackupSource VOLUME = new BackupSource() {
        @Override
        public String name() {
            return BackupSources.VOLUME;
        }

        @Override
        public BackupModel.Job readFrom(BackupModel.Job job) {
            return job;
        }
    };
}
