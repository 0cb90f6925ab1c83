package org.pobsync.engine.tree;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * A depth-first walk below one open directory, by handle: one statx per entry relative to its
 * directory's descriptor, symlinks reported and never followed, directories on another file
 * system reported and never entered, and our own stack of open directories instead of
 * recursion, so depth is no limit (one descriptor per level is held open). The visitor decides
 * per directory whether to walk into it. Browse searches, archives and discovery's sizes walk
 * this way; deletion has its own loop over the same handles ({@code engine.prune}).
 */
public final class TreeWalk {

    /** What a walk does with what it finds. */
    public interface Visitor {

        /**
         * One entry of the directory {@link TreeWalk#directoryPath()}; for a directory, return true
         * to walk into it (its entries come next, then {@link #leave}).
         */
        boolean entry(TreeWalk walk, EntryName name, EntryStat stat) throws IOException;

        /** All entries of the directory {@link TreeWalk#directoryPath()} have been visited. */
        default void leave(TreeWalk walk) throws IOException {
        }

        /**
         * A directory that could not be opened or read, or an entry that could not be stat'ed
         * (permission denied, removed meanwhile). Return to go on with the rest, throw to stop.
         */
        default void unreadable(TreeWalk walk, EntryName name, IOException e) throws IOException {
            throw e;
        }

        /** A directory the visitor wanted to enter is a mount point of another file system. */
        default void otherFileSystem(TreeWalk walk, EntryName name) throws IOException {
        }
    }

    private record Level(DirectoryHandle dir, EntryReader reader, EntryName name) {
    }

    private final SnapshotPath top;
    private final long device;
    private final Deque<Level> stack = new ArrayDeque<>();
    private boolean stopped;

    private TreeWalk(SnapshotPath top, long device) {
        this.top = top;
        this.device = device;
    }

    /**
     * Walks everything below {@code start} (which stays open; the walk opens and closes the rest).
     *
     * @param startPath what {@link #directoryPath()} says of {@code start} itself
     */
    public static void walk(DirectoryHandle start, SnapshotPath startPath, Visitor visitor) throws IOException {
        new TreeWalk(startPath, start.stat().device()).run(start, visitor);
    }

    private void run(DirectoryHandle start, Visitor visitor) throws IOException {
        stack.push(new Level(start, start.entries(), null));
        try {
            while (!stack.isEmpty() && !stopped) {
                Level level = stack.peek();
                DirectoryEntry entry;
                try {
                    entry = level.reader.next();
                } catch (IOException e) {
                    entry = null;
                    visitor.unreadable(this, level.name, e);
                }
                if (entry == null) {
                    visitor.leave(this);
                    pop();
                    continue;
                }
                visit(level, entry.name(), visitor);
            }
        } finally {
            while (!stack.isEmpty()) {
                pop();
            }
        }
    }

    private void visit(Level level, EntryName name, Visitor visitor) throws IOException {
        EntryStat stat;
        try {
            stat = level.dir.stat(name);
        } catch (IOException e) {
            visitor.unreadable(this, name, e);
            return;
        }
        if (stat == null || !visitor.entry(this, name, stat) || !stat.isDirectory() || stopped) {
            return;
        }
        if (stat.device() != device) {
            visitor.otherFileSystem(this, name);
            return;
        }
        DirectoryHandle child;
        try {
            child = level.dir.openDirectory(name);
        } catch (IOException e) {
            visitor.unreadable(this, name, e);
            return;
        }
        stack.push(new Level(child, child.entries(), name));
    }

    private void pop() {
        Level level = stack.pop();
        if (level.name != null) {
            level.dir.close(); // the start directory belongs to the caller
        }
    }

    /** Ends the walk after the current entry. */
    public void stop() {
        stopped = true;
    }

    /** The directory whose entries are being visited, open. */
    public DirectoryHandle directory() {
        return stack.peek().dir;
    }

    /** How far below the start the current directory is (0: the start itself). */
    public int depth() {
        return stack.size() - 1;
    }

    /** The path of the directory whose entries are being visited. */
    public SnapshotPath directoryPath() {
        List<EntryName> names = new ArrayList<>(top.names());
        Iterator<Level> fromTop = stack.descendingIterator();
        while (fromTop.hasNext()) {
            EntryName name = fromTop.next().name;
            if (name != null) {
                names.add(name);
            }
        }
        return SnapshotPath.of(names);
    }

    /** The path of the entry {@code name} of the current directory. */
    public SnapshotPath pathOf(EntryName name) {
        return directoryPath().resolve(name);
    }
}
