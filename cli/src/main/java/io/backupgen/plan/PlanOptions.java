package io.backupgen.plan;

import java.time.Instant;

/**
 * What {@code plan} is asked: from when, how many next runs per job, and (optionally) how big the
 * database is, to estimate the volume.
 *
 * @param dbBytes          database size in bytes, or null for no storage estimate
 * @param compressionRatio database size divided by dump size (1 = the dump is as big as the database)
 * @param marginPercent    backup.sh's free-space margin: it refuses to start below the last dump times this
 * @param prerestoreKeep   pre-restore backups restore.sh keeps (RESTORE_PRERESTORE_KEEP)
 */
public record PlanOptions(Instant from, int count, Long dbBytes, double compressionRatio, int marginPercent,
                          int prerestoreKeep) {
    /** restore.sh's default RESTORE_PRERESTORE_KEEP. */
    public static final int PRERESTORE_KEEP = 3;
    /** backup.sh's default BACKUP_FREE_SPACE_MARGIN_PERCENT. */
    public static final int MARGIN_PERCENT = 125;
}
