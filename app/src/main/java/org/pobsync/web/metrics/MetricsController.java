package org.pobsync.web.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import org.pobsync.liveness.Heartbeats;
import org.pobsync.notify.NotificationService;
import org.pobsync.status.StatusService;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * /metrics in the Prometheus text format: pobsync's gauges, read from the database at the
 * moment of the scrape, plus the JVM and HTTP meters Spring Boot binds. Who may read it is
 * ApiSecurityConfig's decision (a staff session or API token, or anyone with
 * POBSYNC_METRICS_PUBLIC=true). Scrapes are serialised: the readings and the rendering belong
 * together.
 */
@Controller
class MetricsController {

    static final MediaType PROMETHEUS_TEXT = MediaType.parseMediaType("text/plain; version=0.0.4; charset=utf-8");

    private final StatusService status;
    private final Heartbeats heartbeats;
    private final NotificationService notifications;
    private final Clock clock;
    private final PrometheusMeterRegistry registry;
    private final PobsyncMeters meters = new PobsyncMeters();

    MetricsController(StatusService status, Heartbeats heartbeats, NotificationService notifications, Clock clock,
                      PrometheusMeterRegistry registry) {
        this.status = status;
        this.heartbeats = heartbeats;
        this.notifications = notifications;
        this.clock = clock;
        this.registry = registry;
        meters.bindTo(registry);
    }

    @GetMapping("/metrics")
    synchronized ResponseEntity<String> scrape() {
        meters.update(MetricsReadings.read(status, heartbeats, notifications, clock));
        return ResponseEntity.ok().contentType(PROMETHEUS_TEXT).header("Cache-Control", "no-store")
                .body(registry.scrape());
    }
}
