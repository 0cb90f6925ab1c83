package org.pobsync.web;

import java.util.List;
import java.util.function.Supplier;
import org.pobsync.status.HostSummary;

/**
 * A value derived from one host overview, kept until the overview is replaced: the one rule for
 * when such a value is still current. {@link org.pobsync.status.HostOverview} keeps one list per
 * refresh (at most one a second, and after every change the panel makes), so the list itself
 * says which overview a value was derived from.
 *
 * @param <V> what is derived
 */
final class PerOverview<V> {

    private record Kept<V>(List<HostSummary> overview, V value) {
    }

    private volatile Kept<V> kept;

    /** The value derived from {@code overview}, deriving it when the one kept is of another. */
    V get(List<HostSummary> overview, Supplier<V> derive) {
        Kept<V> k = kept;
        if (k == null || k.overview() != overview) {
            k = new Kept<>(overview, derive.get());
            kept = k;
        }
        return k.value();
    }
}
