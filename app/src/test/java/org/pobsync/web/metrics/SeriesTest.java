package org.pobsync.web.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A series follows each scrape's values: new values, new rows, and rows gone with their host. */
class SeriesTest {

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final Series series = new Series(registry, "pobsync.test", null, "test");

    @Test
    void eachPublishIsWhatTheRegistryReads() {
        series.publish(new Series.Values().put(host("a"), 1).put(host("b"), 2));
        assertThat(read()).isEqualTo(Map.of("a", 1.0, "b", 2.0));
        Gauge a = registry.get("pobsync.test").tags(host("a")).gauge();

        series.publish(new Series.Values().put(host("a"), 3).put(host("b"), 4));
        assertThat(read()).isEqualTo(Map.of("a", 3.0, "b", 4.0));
        assertThat(registry.get("pobsync.test").tags(host("a")).gauge()).as("same hosts: the meters stay").isSameAs(a);

        series.publish(new Series.Values().put(host("a"), 5));
        assertThat(read()).as("b was deleted").isEqualTo(Map.of("a", 5.0));

        series.publish(new Series.Values().put(host("a"), 6).put(host("c"), 7));
        assertThat(read()).isEqualTo(Map.of("a", 6.0, "c", 7.0));

        series.publish(new Series.Values());
        assertThat(read()).isEmpty();
    }

    private static Tags host(String name) {
        return Tags.of("host", name);
    }

    private Map<String, Double> read() {
        Map<String, Double> values = new TreeMap<>();
        registry.find("pobsync.test").gauges().forEach(g -> values.put(g.getId().getTag("host"), g.value()));
        return values;
    }
}
