package org.pobsync.web;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.pobsync.status.HostSummary;

/**
 * Markup rendered from one host overview, kept until the overview is replaced ({@link PerOverview}):
 * a page part rendered from it (the dashboard's lists, a page of the host list) is rendered once
 * per overview and key (the reader's zone, the filters) instead of on every request.
 *
 * @param <K> what else the markup depends on
 */
final class OverviewMarkup<K> {

    /** Keys kept per overview; past that, markup is rendered and not kept (a crawler's every page). */
    static final int MAX_KEPT = 64;

    private final PerOverview<Map<K, String>> kept = new PerOverview<>();

    String get(List<HostSummary> overview, K key, Supplier<String> render) {
        Map<K, String> forOverview = kept.get(overview, ConcurrentHashMap::new);
        String markup = forOverview.get(key);
        if (markup == null) {
            markup = render.get();
            if (forOverview.size() < MAX_KEPT) {
                forOverview.putIfAbsent(key, markup);
            }
        }
        return markup;
    }
}
