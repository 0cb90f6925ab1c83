package org.pobsync.engine.discovery;

/** Where a discovered snapshot's details came from. */
public enum MetadataSource {
    /** snapshot.json was read. */
    SNAPSHOT_JSON,
    /** No snapshot.json: status, start time and name come from the directory name. */
    DIRECTORY_NAME,
    /** snapshot.json exists but could not be parsed; the directory name was used instead. */
    UNREADABLE_JSON
}
