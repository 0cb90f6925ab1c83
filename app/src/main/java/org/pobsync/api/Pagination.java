package org.pobsync.api;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * limit/offset paging of every API list (docs/api.md): {@code limit} 1 to {@link #MAX_LIMIT}
 * (default {@link #DEFAULT_LIMIT}), {@code offset} 0 or more. A bad value is a 400 rather than
 * silently clamped, so a script learns about its mistake instead of missing rows.
 */
record Pagination(int limit, int offset) {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    /** One page of a list: the total, the links to the neighbouring pages, and the rows. */
    record Page<T>(long count, int limit, int offset, String next, String previous, List<T> results) {
    }

    static Pagination parse(String limit, String offset) {
        int l = number("limit", limit, DEFAULT_LIMIT);
        int o = number("offset", offset, 0);
        if (l < 1 || l > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", got " + l);
        }
        if (o < 0) {
            throw new IllegalArgumentException("offset must be 0 or more, got " + o);
        }
        return new Pagination(l, o);
    }

    private static int number(String name, String value, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
        }
    }

    /**
     * The page with its links. {@code filters} are the query parameters to carry over (null
     * values are left out). Past the end, {@code previous} points at the last page with rows.
     */
    <T> Page<T> page(long count, List<T> results, HttpServletRequest request, Map<String, String> filters) {
        // In long: offset may be near Integer.MAX_VALUE, and the sum must not wrap to a negative link.
        String next = (long) offset + limit < count ? link(request, filters, offset + limit) : null;
        String previous = null;
        if (offset > 0) {
            long lastStart = Math.max(0, count - limit);
            previous = link(request, filters, (int) Math.max(0, Math.min(offset - limit, lastStart)));
        }
        return new Page<>(count, limit, offset, next, previous, results);
    }

    /** Query parameters to carry into the links, as name/value pairs; a null value is left out. */
    static Map<String, String> filters(String... namesAndValues) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            m.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return m;
    }

    private String link(HttpServletRequest request, Map<String, String> filters, int newOffset) {
        UriComponentsBuilder b = UriComponentsBuilder.fromPath(request.getRequestURI());
        filters.forEach((k, v) -> {
            if (v != null) {
                b.queryParam(k, v);
            }
        });
        return b.queryParam("limit", limit).queryParam("offset", newOffset).encode().build().toUriString();
    }
}
