package org.pobsync.web.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One multi-gauge whose rows are replaced on each scrape. Each row reads a value holder that is
 * kept as long as its tags are: a scrape that finds the same hosts (the usual case) only writes
 * new values into the holders. Re-registering 20,000 rows of 1,000 hosts on every scrape (remove
 * each meter, add it again) took most of the scrape's CPU; the rows are registered again only
 * when a host, a status or a component came or went, so a deleted host's series disappear.
 */
final class Series {

    /** Read by the registry's scrape thread, written by the next {@link #publish}. */
    private static final class Holder {
        volatile double value;
    }

    /** The values of one scrape, by tags, in the order added. */
    static final class Values {
        private final Map<Tags, Double> values = new LinkedHashMap<>();

        Values put(Tags tags, double value) {
            values.put(tags, value);
            return this;
        }
    }

    private final MultiGauge gauge;
    private Map<Tags, Holder> holders = Map.of();

    Series(MeterRegistry registry, String name, String unit, String description) {
        this.gauge = MultiGauge.builder(name).baseUnit(unit).description(description).register(registry);
    }

    synchronized void publish(Values next) {
        Map<Tags, Holder> kept = new HashMap<>(next.values.size() * 2);
        next.values.forEach((tags, value) -> {
            Holder h = holders.get(tags);
            if (h == null) {
                h = new Holder();
            }
            h.value = value;
            kept.put(tags, h);
        });
        if (!kept.keySet().equals(holders.keySet())) {
            // Without overwrite, a row whose tags are registered keeps its meter, which reads the
            // same holder; new rows are added and rows no longer present are removed.
            List<MultiGauge.Row<?>> rows = new ArrayList<>(kept.size());
            kept.forEach((tags, h) -> rows.add(MultiGauge.Row.of(tags, h, x -> x.value)));
            gauge.register(rows, false);
        }
        holders = kept;
    }
}
