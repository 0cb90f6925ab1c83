package org.pobsync.web;

import java.util.List;
import org.pobsync.hosts.HostService;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

/**
 * The {@code <option>}s of the lists' host filter ({@code fragments/lists :: filters}), every host
 * name in order, as markup made again only when the names change: with a thousand hosts,
 * rendering them through the template on every request of the run or snapshot list cost more
 * than the page's rows. The names are read on every request (one indexed query), so the
 * suggestions are never stale; only their markup is reused.
 */
@Component
public final class HostNameOptions {

    private record Kept(List<String> names, String markup) {
    }

    private final HostService hosts;
    private volatile Kept kept;

    HostNameOptions(HostService hosts) {
        this.hosts = hosts;
    }

    /** The options, escaped, for {@code th:utext} inside the filter's datalist. */
    public String markup() {
        List<String> names = hosts.names();
        Kept k = kept;
        if (k == null || !k.names().equals(names)) {
            k = new Kept(List.copyOf(names), markup(names));
            kept = k;
        }
        return k.markup();
    }

    static String markup(List<String> names) {
        StringBuilder b = new StringBuilder(names.size() * 40);
        for (String n : names) {
            b.append("<option value=\"").append(HtmlUtils.htmlEscape(n)).append("\"></option>");
        }
        return b.toString();
    }
}
