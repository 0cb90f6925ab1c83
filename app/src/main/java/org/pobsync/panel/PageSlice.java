package org.pobsync.panel;

import java.util.List;
import org.springframework.ui.Model;

/**
 * One page of a newest-first list. It is read as one row more than a page: that row says
 * whether an older page exists, without a COUNT(*) over 100,000 runs.
 */
public record PageSlice<T>(List<T> items, int page, boolean hasOlder) {

    /** The query of a list: {@code limit} rows from {@code offset}. */
    @FunctionalInterface
    public interface Query<T> {
        List<T> rows(int limit, int offset);
    }

    /** Page {@code page} (1 is the newest; anything lower counts as 1) of {@code size} rows. */
    public static <T> PageSlice<T> read(int page, int size, Query<T> query) {
        // A page past the last one that int offsets can reach is simply empty, never a wrapped offset.
        int p = Math.min(Math.max(1, page), Integer.MAX_VALUE / size);
        List<T> rows = query.rows(size + 1, (p - 1) * size);
        return new PageSlice<>(rows.size() > size ? rows.subList(0, size) : rows, p, rows.size() > size);
    }

    /** The rows as {@code name}, with {@code page} and {@code hasOlder} for the pager. */
    public void addTo(Model model, String name) {
        model.addAttribute(name, items);
        model.addAttribute("page", page);
        model.addAttribute("hasOlder", hasOlder);
    }
}
