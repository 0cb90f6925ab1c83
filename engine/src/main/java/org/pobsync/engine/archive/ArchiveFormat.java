package org.pobsync.engine.archive;

import java.util.Locale;

/** The archive formats a directory or a selection downloads as. */
public enum ArchiveFormat {
    /** tar (GNU long names) compressed with gzip: exact names, modes, owners, symlinks, hard links, devices. */
    TAR_GZ("tar.gz", "application/gzip"),
    /** zip, for desktops without tar: modes and owners as Info-ZIP's Unix extra fields, hard links as copies. */
    ZIP("zip", "application/zip");

    private final String extension;
    private final String contentType;

    ArchiveFormat(String extension, String contentType) {
        this.extension = extension;
        this.contentType = contentType;
    }

    public String extension() {
        return extension;
    }

    public String contentType() {
        return contentType;
    }

    /** "tar.gz" (also "tgz") or "zip"; IllegalArgumentException for anything else. Null means tar.gz. */
    public static ArchiveFormat parse(String text) {
        if (text == null || text.isBlank()) {
            return TAR_GZ;
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "tar.gz", "tgz", "tar_gz" -> TAR_GZ;
            case "zip" -> ZIP;
            default -> throw new IllegalArgumentException("unknown archive format '" + text + "': use tar.gz or zip");
        };
    }
}
