package io.backupgen.schedule;

import java.time.Duration;
import java.time.ZonedDateTime;

/** Two consecutive runs of a schedule, in its time zone, and the time between them. */
public record Gap(ZonedDateTime from, ZonedDateTime to) {
    public Duration length() {
        return Duration.between(from, to);
    }
}
