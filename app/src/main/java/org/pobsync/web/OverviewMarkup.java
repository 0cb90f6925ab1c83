package org.pobsync.web;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.pobsync.status.HostSummary;

/**
 * Markup rendered from one host overview, kept until the overview is replaced.
 * {@link org.pobsync.status.HostOverview} keeps one list per refresh (at most one a second, and
 * after every change the panel makes), so the list itself says whether markup is still current;
 * a page rendered from it (the dashboard's lists, a page of the host list) is then rendered once
 * per overview and key (the reader's zone, the filters) instead of on every request.
 *
 * @param <K> what else the markup depends on
 */
final class OverviewMarkup<K> {

    /** Keys kept per overview; past that, markup is rendered and not kept (a crawler's every page). */
    static final int MAX_KEPT = 64;

    private record Kept<K>(List<HostSummary> overview, Map<K, String> markup) {
    }

    private volatile Kept<K> kept;

    String get(List<HostSummary> overview, K key, Supplier<String> render) {
        Kept<K> k = kept;
        if (k == null || k.overview() != overview) {
            k = new Kept<>(overview, new ConcurrentHashMap<>());
            kept = k;
        }
        String markup = k.markup().get(key);
        if (markup == null) {
            markup = render.get();
            if (k.markup().size() < MAX_KEPT) {
                k.markup().putIfAbsent(key, markup);
            }
        }
        return markup;
    }
}
