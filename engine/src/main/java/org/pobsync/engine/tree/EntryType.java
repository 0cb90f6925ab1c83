package org.pobsync.engine.tree;

import java.util.Locale;

/** What a directory entry is, from its {@code st_mode} (or, before a stat, its {@code d_type}). */
public enum EntryType {
    FILE('-'), DIRECTORY('d'), SYMLINK('l'), BLOCK_DEVICE('b'), CHAR_DEVICE('c'), FIFO('p'), SOCKET('s');

    private final char lsChar;

    EntryType(char lsChar) {
        this.lsChar = lsChar;
    }

    /** The first character of {@code ls -l}'s mode column. */
    public char lsChar() {
        return lsChar;
    }

    /** The name the API, the CLI's JSON and the panel use: file, directory, symlink, block_device, … */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** From the file-type bits of {@code st_mode}; null for a type Linux does not have. */
    static EntryType ofMode(int mode) {
        return switch (mode & 0170000) {
            case 0100000 -> FILE;
            case 0040000 -> DIRECTORY;
            case 0120000 -> SYMLINK;
            case 0060000 -> BLOCK_DEVICE;
            case 0020000 -> CHAR_DEVICE;
            case 0010000 -> FIFO;
            case 0140000 -> SOCKET;
            default -> null;
        };
    }

    /** From {@code d_type}; null for DT_UNKNOWN (the file system does not say: stat it). */
    static EntryType ofDirentType(int dType) {
        return switch (dType) {
            case 8 -> FILE;
            case 4 -> DIRECTORY;
            case 10 -> SYMLINK;
            case 6 -> BLOCK_DEVICE;
            case 2 -> CHAR_DEVICE;
            case 1 -> FIFO;
            case 12 -> SOCKET;
            default -> null;
        };
    }
}
