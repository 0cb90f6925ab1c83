package org.pobsync.web;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.pobsync.status.HostSummary;

/**
 * Values derived from one host overview, by key, kept until the overview is replaced
 * ({@link PerOverview}): a page part rendered from it (the dashboard's lists, a page of the host
 * list, a host page's facts) or the data behind it is made once per overview and key (the
 * reader's zone, the filters, the host) instead of on every request.
 *
 * @param <K> what else the value depends on
 * @param <V> the value (markup, or the data a page shows)
 */
final class OverviewKept<K, V> {

    /** Keys kept per overview; past that, values are made and not kept (a crawler's every page). */
    static final int MAX_KEPT = 64;

    private final PerOverview<Map<K, V>> kept = new PerOverview<>();

    /** The value for {@code key}, made by {@code make} unless kept; a value {@code make} throws for is not kept. */
    V get(List<HostSummary> overview, K key, Supplier<V> make) {
        Map<K, V> forOverview = kept.get(overview, ConcurrentHashMap::new);
        V value = forOverview.get(key);
        if (value == null) {
            value = make.get();
            if (forOverview.size() < MAX_KEPT) {
                forOverview.putIfAbsent(key, value);
            }
        }
        return value;
    }
}
