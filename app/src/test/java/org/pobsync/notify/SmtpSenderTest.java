package org.pobsync.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pobsync.status.AlertSettings;
import org.pobsync.testsupport.TestSmtpServer;
import org.pobsync.testsupport.WebFixture;

/** E-mail through a real SMTP server: STARTTLS, implicit TLS, login, and each way it can fail. */
class SmtpSenderTest {

    static final AlertSettings LINKS = new AlertSettings(26, 24, null, 10, "https://backup.example.org/", null);
    static final Message FAILING = new Message(List.of(new NotificationEvent(7, EventKind.CHANGE, AlertKind.HOST,
            "web1", "web1", "failing", "ok", "web1 is failing: the last run failed: host unreachable",
            Instant.parse("2026-11-23T02:16:00Z"))), false, LINKS);

    final WebFixture fixture = WebFixture.create();
    final ChannelService channels = fixture.app().channels();
    final SmtpSender sender = new SmtpSender(channels, TestSmtpServer.trust().getSocketFactory());

    @AfterEach
    void close() {
        fixture.close();
    }

    Channel channel(String name, int port, String security, String user, String password, String recipients) {
        return channels.create(ChannelSpec.email(name, recipients, "127.0.0.1", String.valueOf(port), security, user,
                password, "pobsync@backup.example.org").withTimeout("2"), "test");
    }

    @Test
    void startTlsWithLoginDeliversThePlainTextMessageToEveryRecipient() throws Exception {
        try (TestSmtpServer smtp = TestSmtpServer.start(TestSmtpServer.Mode.STARTTLS, "alerts", "s3cret pass")) {
            Channel c = channel("mail", smtp.port(), "starttls", "alerts", "s3cret pass",
                    "ops@example.org, oncall@example.org");
            sender.send(c, FAILING, "<pobsync.7.7@test>");
            List<TestSmtpServer.Mail> mails = smtp.await(2, Duration.ofSeconds(10));
            assertThat(mails).extracting(TestSmtpServer.Mail::to).containsExactlyInAnyOrder("ops@example.org",
                    "oncall@example.org");
            TestSmtpServer.Mail m = mails.get(0);
            assertThat(m.from()).isEqualTo("pobsync@backup.example.org");
            assertThat(m.header("Subject")).isEqualTo("[pobsync] web1 is failing");
            assertThat(m.header("Message-ID")).isEqualTo("<pobsync.7.7@test>");
            assertThat(m.header("X-Pobsync-Event")).isEqualTo("change");
            assertThat(m.header("X-Pobsync-Retry")).isNull();
            assertThat(m.body()).contains("web1 is failing: the last run failed: host unreachable",
                    "https://backup.example.org/hosts/web1/", "2026-11-23 02:16:00 UTC");
        }
    }

    @Test
    void implicitTlsAndPlainSmtpWorkToo() throws Exception {
        try (TestSmtpServer tls = TestSmtpServer.start(TestSmtpServer.Mode.TLS, null, null);
             TestSmtpServer plain = TestSmtpServer.start(TestSmtpServer.Mode.PLAIN, null, null)) {
            sender.send(channel("tls", tls.port(), "tls", null, null, "ops@example.org"), FAILING, "<a@test>");
            sender.send(channel("plain", plain.port(), "none", null, null, "ops@example.org"),
                    new Message(FAILING.events(), true, LINKS), "<b@test>");
            assertThat(tls.await(1, Duration.ofSeconds(10))).hasSize(1);
            TestSmtpServer.Mail retry = plain.await(1, Duration.ofSeconds(10)).get(0);
            assertThat(retry.header("Subject")).isEqualTo("[pobsync] web1 is failing (retry)");
            assertThat(retry.header("X-Pobsync-Retry")).isEqualTo("true");
            assertThat(retry.body()).startsWith("This message is sent again");
        }
    }

    @Test
    void aWrongPasswordIsTheServersRefusalAndThePasswordIsNotInIt() {
        try (TestSmtpServer smtp = TestSmtpServer.start(TestSmtpServer.Mode.STARTTLS, "alerts", "right")) {
            Channel c = channel("mail", smtp.port(), "starttls", "alerts", "wrong-hunter2", "ops@example.org");
            assertThatThrownBy(() -> sender.send(c, FAILING, "<c@test>")).isInstanceOf(SendFailure.class)
                    .hasMessageStartingWith("the SMTP server 127.0.0.1:" + smtp.port() + " refused the login of 'alerts'")
                    .hasMessageNotContaining("hunter2");
            assertThat(smtp.mails()).isEmpty();
        }
    }

    @Test
    void anUnreachableServerAServerWithoutStartTlsAndAnUntrustedCertificateAreClearErrors() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Channel nobody = channel("nobody", closed, "starttls", null, null, "ops@example.org");
        assertThatThrownBy(() -> sender.send(nobody, FAILING, "<d@test>"))
                .hasMessage("cannot connect to the SMTP server 127.0.0.1:" + closed + ": Connection refused");

        try (TestSmtpServer plain = TestSmtpServer.start(TestSmtpServer.Mode.PLAIN, null, null);
             TestSmtpServer tls = TestSmtpServer.start(TestSmtpServer.Mode.STARTTLS, null, null)) {
            Channel noTls = channel("no-tls", plain.port(), "starttls", null, null, "ops@example.org");
            assertThatThrownBy(() -> sender.send(noTls, FAILING, "<e@test>"))
                    .hasMessageContaining("does not offer STARTTLS");
            Channel untrusted = channel("untrusted", tls.port(), "starttls", null, null, "ops@example.org");
            SmtpSender defaultTrust = new SmtpSender(channels, null);
            assertThatThrownBy(() -> defaultTrust.send(untrusted, FAILING, "<f@test>"))
                    .hasMessageStartingWith("TLS with the SMTP server 127.0.0.1:" + tls.port() + " failed:");
            assertThat(plain.mails()).as("nothing goes out in the clear when STARTTLS is asked for").isEmpty();
        }
    }

    @Test
    void aServerThatNeverAnswersCostsTheChannelsTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try (Socket held = silent.accept()) {
                    Thread.sleep(30_000);
                } catch (IOException | InterruptedException ignored) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Channel c = channel("silent", silent.getLocalPort(), "starttls", null, null, "ops@example.org");
            long started = System.nanoTime();
            assertThatThrownBy(() -> sender.send(c, FAILING, "<g@test>"))
                    .hasMessage("the SMTP server 127.0.0.1:" + silent.getLocalPort() + " did not answer within 2 s");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            acceptor.interrupt();
        }
    }
}
