package org.pobsync.legacy;

import java.util.List;

/** What an export wrote: each file of the layout, and files it found there but left alone. */
public record ExportReport(List<File> files, List<String> strayHostFiles) {

    /** A file of the layout (relative to the prefix) and whether its contents changed. */
    public record File(String path, boolean changed) {
    }
}
