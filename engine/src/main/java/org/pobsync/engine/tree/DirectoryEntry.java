package org.pobsync.engine.tree;

/**
 * A name read from a directory, with the type the directory itself records ({@code d_type}), or
 * null when the file system does not record it (then {@link DirectoryHandle#stat} says).
 */
public record DirectoryEntry(EntryName name, EntryType type) {
}
