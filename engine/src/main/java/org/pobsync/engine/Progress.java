package org.pobsync.engine;

import java.time.Duration;

/**
 * Live progress of a running transfer, parsed from rsync's --info=progress2 output.
 *
 * @param percent          0..100, of the whole transfer as rsync estimates it
 * @param bytesPerSecond   the current rate
 * @param eta              rsync's estimate, null when unknown
 * @param bytesTransferred bytes moved so far
 * @param filesChecked     files rsync has considered so far (from the to-chk counters)
 */
public record Progress(int percent, long bytesPerSecond, Duration eta, long bytesTransferred,
                       long filesChecked) {
    public static final Progress NONE = new Progress(0, 0, null, 0, 0);
}
