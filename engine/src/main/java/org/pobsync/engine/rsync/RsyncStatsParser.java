package org.pobsync.engine.rsync;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pobsync.engine.TransferStats;

/**
 * Collects the figures of rsync's {@code --stats} block, line by line as rsync prints it:
 * <pre>
 * Number of files: 10 (reg: 4, dir: 5, link: 1)
 * Number of regular files transferred: 3
 * Total file size: 3,000,013 bytes
 * Total transferred file size: 3,000,003 bytes
 * </pre>
 * Numbers carry thousands separators (rsync's default, not {@code -h} units). Not thread-safe.
 */
public final class RsyncStatsParser {

    private static final Pattern FIELD = Pattern.compile("^(Number of files|Number of regular files transferred"
            + "|Total file size|Total transferred file size):\\s+([0-9][0-9,]*)\\b.*$");

    private long files;
    private long filesTransferred;
    private long bytesTransferred;
    private long totalSize;
    private boolean seen;

    /** Feeds one output line; lines that are not part of the stats block are ignored. */
    public void accept(String line) {
        Matcher m = FIELD.matcher(line);
        if (!m.matches()) {
            return;
        }
        long value = Long.parseLong(m.group(2).replace(",", ""));
        switch (m.group(1)) {
            case "Number of files":
                files = value;
                break;
            case "Number of regular files transferred":
                filesTransferred = value;
                break;
            case "Total file size":
                totalSize = value;
                break;
            default:
                bytesTransferred = value;
                break;
        }
        seen = true;
    }

    /** True once rsync printed any stats line (it does not when it failed early). */
    public boolean seen() {
        return seen;
    }

    public TransferStats stats() {
        return seen ? new TransferStats(files, filesTransferred, bytesTransferred, totalSize) : TransferStats.NONE;
    }
}
