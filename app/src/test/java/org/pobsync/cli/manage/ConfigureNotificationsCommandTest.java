package org.pobsync.cli.manage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.app.AppContext;
import org.pobsync.notify.LogEntry;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.testsupport.Cli;
import org.pobsync.testsupport.TestDatabase;
import org.pobsync.testsupport.TestHttpReceiver;
import org.pobsync.testsupport.TestSmtpServer;

/** {@code pobsync manage configure-notifications} as an operator types it, against real servers. */
class ConfigureNotificationsCommandTest {

    @TempDir
    Path dir;

    Map<String, String> env;
    Cli cli;
    final TestHttpReceiver receiver = TestHttpReceiver.start();

    @BeforeEach
    void setUp() {
        env = new HashMap<>(TestDatabase.SQLITE.env(dir));
        cli = new Cli(env);
    }

    @AfterEach
    void close() {
        receiver.close();
    }

    Cli.Result ok(String... args) {
        Cli.Result r = cli.run(args);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }

    Cli.Result usage(String... args) {
        Cli.Result r = cli.run(args);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err().strip().lines()).as(r.toString()).hasSize(1);
        return r;
    }

    @Test
    void channelsAreAddedTestedListedAndRemovedAndSecretsComeFromTheEnvironment() {
        assertThat(ok("manage", "configure-notifications").out()).contains("No notification channels yet");
        try (TestSmtpServer smtp = TestSmtpServer.start(TestSmtpServer.Mode.PLAIN, "alerts", "pw-from-env-42")) {
            env.put("POBSYNC_SMTP_PASSWORD", "pw-from-env-42");
            assertThat(ok("manage", "configure-notifications", "--add-email", "ops@example.org,oncall@example.org",
                    "--smtp-host", "127.0.0.1", "--smtp-port", String.valueOf(smtp.port()), "--smtp-security", "none",
                    "--smtp-user", "alerts", "--smtp-from", "backup@example.org").out())
                    .contains("added channel email-1: email ops@example.org, oncall@example.org");
            env.remove("POBSYNC_SMTP_PASSWORD");
            Cli.Result test = ok("manage", "configure-notifications", "--test", "email-1");
            assertThat(test.out()).contains("test message sent through email-1");
            List<TestSmtpServer.Mail> mails = smtp.await(2, Duration.ofSeconds(10));
            assertThat(mails).hasSize(2);
            assertThat(mails.get(0).header("Subject")).isEqualTo("[pobsync] test message");
            assertThat(mails.get(0).body()).contains("If you read this, the channel 'email-1' works.");
        }
        env.put("POBSYNC_WEBHOOK_SECRET", "hook-secret-77");
        assertThat(ok("manage", "configure-notifications", "--add-webhook", receiver.url("/topic-secret"), "--preset",
                "ntfy", "--secret-header", "Authorization", "--conditions", "host,disk").out())
                .contains("added channel ntfy-1: webhook ntfy http://127.0.0.1:").doesNotContain("topic-secret");
        env.remove("POBSYNC_WEBHOOK_SECRET");
        ok("manage", "configure-notifications", "--test", "ntfy-1");
        assertThat(receiver.await(1, Duration.ofSeconds(5)).get(0).header("Authorization")).isEqualTo("hook-secret-77");

        String list = ok("manage", "configure-notifications", "--list").out();
        assertThat(list).contains("email-1: email ops@example.org, oncall@example.org",
                "login alerts, password set", "ntfy-1: webhook ntfy", "header Authorization set",
                "conditions: host,disk", "reminders every 24 h", "daily digest off")
                .doesNotContain("pw-from-env-42").doesNotContain("hook-secret-77").doesNotContain("topic-secret");

        ok("manage", "configure-notifications", "--disable", "ntfy-1");
        assertThat(ok("manage", "configure-notifications").out()).contains("ntfy-1 (disabled)");
        ok("manage", "configure-notifications", "--remove", "ntfy-1");
        assertThat(ok("manage", "configure-notifications").out()).doesNotContain("ntfy-1");
        try (AppContext app = AppContext.open(PobsyncSettings.from(env), Clock.systemUTC(), 2)) {
            List<LogEntry> log = app.notifications().log(10, 0);
            assertThat(log).extracting(e -> e.event().kind().dbValue()).containsOnly("test");
            assertThat(log).extracting(e -> e.delivery().status().dbValue()).containsOnly("sent");
        }
    }

    @Test
    void aFailingTestIsOneLineOnStderrAndExit1AndItIsInTheLog() {
        receiver.answer("/hook", 500, Duration.ZERO, "internal error");
        ok("manage", "configure-notifications", "--add-webhook", receiver.url("/hook"), "--name", "ops");
        Cli.Result r = cli.run("manage", "configure-notifications", "--test", "ops");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("pobsync: error: test of ops failed: the webhook http://127.0.0.1:")
                .contains("answered HTTP 500: internal error");
        try (AppContext app = AppContext.open(PobsyncSettings.from(env), Clock.systemUTC(), 2)) {
            LogEntry e = app.notifications().log(1, 0).get(0);
            assertThat(e.delivery().status().dbValue()).isEqualTo("failed");
            assertThat(e.delivery().lastError()).contains("answered HTTP 500");
        }
    }

    @Test
    void badInputIsAUsageErrorAndChangesNothing() {
        usage("manage", "configure-notifications", "--add-webhook", "ftp://example.org/x");
        usage("manage", "configure-notifications", "--add-webhook", "https://example.org/x", "--preset", "teams");
        usage("manage", "configure-notifications", "--add-email", "ops@example.org,bad@", "--smtp-host", "smtp.example.org");
        usage("manage", "configure-notifications", "--add-email", "ops@example.org");
        usage("manage", "configure-notifications", "--add-email", "ops@example.org", "--smtp-host", "smtp.example.org",
                "--smtp-user", "alerts");
        usage("manage", "configure-notifications", "--add-webhook", "https://example.org/x", "--secret-header", "X-T");
        usage("manage", "configure-notifications", "--add-webhook", "https://example.org/x", "--smtp-host", "x");
        usage("manage", "configure-notifications", "--add-webhook", "https://example.org/x", "--hosts", "nope");
        usage("manage", "configure-notifications", "--add-webhook", "https://a.example.org/", "--add-email", "a@b.c");
        usage("manage", "configure-notifications", "--digest-hour", "25");
        usage("manage", "configure-notifications", "--digest-hour", "soon");
        usage("manage", "configure-notifications", "--reminder-hours", "-3");
        usage("manage", "configure-notifications", "--panel-url", "backup.example.org");
        Cli.Result missing = cli.run("manage", "configure-notifications", "--remove", "nope");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("pobsync: error: no notification channel named 'nope'\n");
        assertThat(ok("manage", "configure-notifications").out()).contains("No notification channels yet",
                "reminders every 24 h", "daily digest off");
    }

    @Test
    void alertSettingsAreChangedWithoutAnAction() {
        assertThat(ok("manage", "configure-notifications", "--reminder-hours", "0", "--digest-hour", "7",
                "--disk-free-percent", "15", "--default-expect-every", "30", "--panel-url",
                "https://backup.example.org/").out()).contains("alert settings saved");
        assertThat(ok("manage", "configure-notifications", "--list").out()).contains(
                "expect a good snapshot every 30 h by default; reminders off; daily digest at 7:00; backup root low"
                        + " under 15 %; panel https://backup.example.org/");
        ok("manage", "configure-notifications", "--digest-hour", "off", "--panel-url", "");
        assertThat(ok("manage", "configure-notifications").out()).contains("daily digest off",
                "panel address not set");
        assertThat(ok("manage", "configure-notifications", "--help").out()).contains("POBSYNC_SMTP_PASSWORD",
                "--add-webhook", "--add-email", "--test", "--remove");
    }
}
