package org.pobsync.engine.discovery;

/** Whether a scan walks every snapshot tree to count files and bytes. */
public enum SizeMode {
    /** Only the snapshot directories and their snapshot.json: fast, for listing. */
    QUICK,
    /** Also walk every tree once to compute {@link SnapshotSizes}. */
    WITH_SIZES
}
