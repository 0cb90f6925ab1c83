package org.pobsync.web;

import java.time.Clock;
import org.pobsync.app.AppContext;
import org.pobsync.settings.PobsyncSettings;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The web control panel's Spring Boot application. The database is not Spring's: the services
 * come from one {@link AppContext} (the same hand-wired graph the CLI uses), registered by
 * {@link PobsyncWeb#start} and exposed as beans by {@link WebConfig}. That is why Spring's own
 * DataSource, JDBC and transaction auto-configuration are switched off here.
 */
@SpringBootApplication(scanBasePackages = "org.pobsync", excludeName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.JndiDataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.XADataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration"})
public class PobsyncWebApplication {

    /** Runs the panel alone from an IDE; operators use {@code pobsync web} or {@code pobsync serve}. */
    public static void main(String[] args) {
        AppContext app = AppContext.open(PobsyncSettings.fromEnvironment(), Clock.systemDefaultZone(), 8);
        PobsyncWeb.Handle web = PobsyncWeb.start(app, System.out);
        web.announceFirstStart();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            web.close();
            app.close();
        }, "pobsync-web-stop"));
    }
}
