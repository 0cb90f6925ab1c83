package org.pobsync.cli.manage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pobsync.app.AppContext;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.status.HostAlertSettings;
import org.pobsync.testsupport.Cli;
import org.pobsync.testsupport.TestDatabase;

/** {@code configure-host --expect-every/--failing-after/--partial-ok/--ping-url}, on both databases. */
class HostAlertOptionsTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void alertOptionsChangeOnlyWhatIsGivenAndStatusShowsTheState(TestDatabase db) {
        var env = db.env(dir);
        Instant now = Instant.now();
        Cli cli = new Cli(env, Clock.fixed(now, ZoneOffset.UTC));
        Cli.Result created = cli.run("manage", "configure-host", "web1", "--address", "web1.example.org",
                "--path", "/etc", "--expect-every", "48", "--ping-url", "https://hc-ping.example.net/uuid-secret");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        assertThat(created.out()).contains("created host web1", "expect a good snapshot every 48 h",
                "ping https://hc-ping.example.net/…").doesNotContain("uuid-secret");

        Cli.Result changed = cli.run("manage", "configure-host", "web1", "--failing-after", "3", "--partial-ok", "true");
        assertThat(changed.exitCode()).as(changed.toString()).isZero();
        try (AppContext app = AppContext.open(PobsyncSettings.from(env), Clock.systemUTC(), 2)) {
            assertThat(app.alertSettings().forHost("web1")).isEqualTo(new HostAlertSettings(
                    app.hosts().get("web1").id(), 48, 3, true, "https://hc-ping.example.net/uuid-secret"));
        }
        Cli.Result reset = cli.run("manage", "configure-host", "web1", "--expect-every", "0", "--ping-url", "");
        assertThat(reset.exitCode()).as(reset.toString()).isZero();
        assertThat(reset.out()).contains("(schedule or global default)", "ping none");

        Cli.Result fresh = cli.run("status");
        assertThat(fresh.out()).containsPattern("web1\\s+no backup yet\\s+never\\s+none\\s+no schedule\\s+no backup yet;"
                + " the first good one is due in 26 h");
        Cli later = new Cli(env, Clock.fixed(now.plus(Duration.ofHours(27)), ZoneOffset.UTC));
        assertThat(later.run("status").out()).containsPattern("web1\\s+never backed up\\s+.*no good snapshot since the"
                + " host was added 27 h ago");
        Cli.Result help = cli.run("status", "--help");
        assertThat(help.out()).contains("failing (its last K runs failed)");
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = "SQLITE")
    void badAlertOptionsAreOneLineUsageErrorsAndCreateNothing(TestDatabase db) {
        Cli cli = new Cli(db.env(dir));
        for (String[] bad : new String[][] {
                {"--ping-url", "ftp://example.org/x"}, {"--ping-url", "javascript:alert(1)"},
                {"--ping-url", "https://user:pw@example.org/"}, {"--expect-every", "-1"},
                {"--expect-every", "99999999"}, {"--failing-after", "0"}}) {
            String[] args = new String[6 + bad.length];
            System.arraycopy(new String[] {"manage", "configure-host", "web2", "--address", "web2.example.org",
                    "--path=/etc"}, 0, args, 0, 6);
            System.arraycopy(bad, 0, args, 6, bad.length);
            Cli.Result r = cli.run(args);
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
            assertThat(r.err().strip().lines()).as(r.toString()).hasSize(1);
            assertThat(r.err()).startsWith("pobsync: ");
        }
        assertThat(cli.run("status").out()).doesNotContain("web2");
    }
}
