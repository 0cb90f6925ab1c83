package org.pobsync.engine;

/** The figures rsync's --stats prints at the end of a run (zero when it never got that far). */
public record TransferStats(long files, long filesTransferred, long bytesTransferred, long totalSize) {
    public static final TransferStats NONE = new TransferStats(0, 0, 0, 0);
}
