package org.pobsync.cli;

import org.pobsync.config.RetentionSettings;
import picocli.CommandLine.Option;

/** The keep-* options shared by configure-global and configure-host. */
public final class RetentionOptions {

    @Option(names = "--keep-last", paramLabel = "N", description = "Keep the N newest snapshots.")
    Integer keepLast;

    @Option(names = "--keep-hourly", paramLabel = "N", description = "Keep the newest snapshot of each of the last N hours that have one.")
    Integer keepHourly;

    @Option(names = "--keep-daily", paramLabel = "N", description = "Keep the newest snapshot of each of the last N days that have one.")
    Integer keepDaily;

    @Option(names = "--keep-weekly", paramLabel = "N", description = "Keep the newest snapshot of each of the last N ISO weeks that have one.")
    Integer keepWeekly;

    @Option(names = "--keep-monthly", paramLabel = "N", description = "Keep the newest snapshot of each of the last N months that have one.")
    Integer keepMonthly;

    @Option(names = "--keep-yearly", paramLabel = "N", description = "Keep the newest snapshot of each of the last N years that have one.")
    Integer keepYearly;

    /** The rules given on the command line (null fields: not given); usage error for bad numbers. */
    public RetentionSettings settings() {
        try {
            return new RetentionSettings(keepLast, keepHourly, keepDaily, keepWeekly, keepMonthly, keepYearly);
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
    }
}
