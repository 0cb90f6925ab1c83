package org.pobsync.db;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * {@code IN (?, ?, …)} lists of ids. Both databases take long lists, but SQLite caps the
 * parameters of one statement (999 in older builds), so lists go in {@link #CHUNK}s.
 */
public final class InList {

    public static final int CHUNK = 500;

    private InList() {
    }

    /** "?, ?, ?" for {@code n} parameters. */
    public static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    /** {@code ids} in order, in pieces of at most {@link #CHUNK}. */
    public static <T> List<List<T>> chunks(Collection<T> ids) {
        List<T> all = List.copyOf(ids);
        List<List<T>> out = new ArrayList<>();
        for (int from = 0; from < all.size(); from += CHUNK) {
            out.add(all.subList(from, Math.min(all.size(), from + CHUNK)));
        }
        return out;
    }
}
