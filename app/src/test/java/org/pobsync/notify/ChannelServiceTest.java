package org.pobsync.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pobsync.hosts.Host;
import org.pobsync.testsupport.WebFixture;
import org.pobsync.validation.ConflictException;
import org.pobsync.validation.FieldError;
import org.pobsync.validation.InvalidInputException;

/** Channels: one validation for every way in, and secrets that stay out of the database and the logs. */
class ChannelServiceTest {

    final WebFixture fixture = WebFixture.create();
    final ChannelService channels = fixture.app().channels();

    @AfterEach
    void close() {
        fixture.close();
    }

    List<String> fieldsOf(ChannelSpec spec) {
        try {
            channels.create(spec, "test");
        } catch (InvalidInputException e) {
            return e.errors().stream().map(FieldError::field).distinct().toList();
        }
        throw new AssertionError("accepted: " + spec);
    }

    String messageOf(ChannelSpec spec) {
        try {
            channels.create(spec, "test");
        } catch (InvalidInputException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + spec);
    }

    @Test
    void badEmailChannelsAreRefusedFieldByField() {
        assertThat(fieldsOf(ChannelSpec.email("Bad Name", "ops@example.org", "smtp.example.org", null, null, null, null,
                null))).containsExactly("name");
        assertThat(messageOf(ChannelSpec.email("m", "ops@example.org, bad@, root", "smtp.example.org", null, null, null,
                null, null))).contains("recipients: 'bad@' is not an e-mail address")
                .contains("recipients: 'root' is not an e-mail address");
        assertThat(fieldsOf(ChannelSpec.email("m", "Evil <x@example.org>", "smtp.example.org", null, null, null, null,
                null))).containsExactly("recipients");
        assertThat(fieldsOf(ChannelSpec.email("m", "a@example.org\r\nBcc: x@example.org", "smtp.example.org", null,
                null, null, null, null))).containsExactly("recipients");
        assertThat(fieldsOf(ChannelSpec.email("m", "", "-oProxyCommand=x", "70000", "ssl", null, "pw\nx",
                "not-an-address"))).containsExactlyInAnyOrder("recipients", "smtp-host", "smtp-port", "smtp-security",
                "smtp-password", "smtp-from");
        assertThat(channels.list()).isEmpty();
    }

    @Test
    void badWebhooksAreRefusedAndAWebhookMayNotSetRequestHeaders() {
        for (String url : List.of("ftp://example.org/x", "javascript:alert(1)", "file:///etc/passwd", "example.org/x",
                "http://user:pw@example.org/", "https:///nohost", "http://exa mple.org/")) {
            assertThat(fieldsOf(ChannelSpec.webhook("w", url, "generic"))).as(url).containsExactly("url");
        }
        assertThat(messageOf(ChannelSpec.webhook("w", "ftp://example.org/x", "generic")))
                .isEqualTo("url: only http:// and https:// URLs are allowed, got 'ftp:'");
        assertThat(fieldsOf(ChannelSpec.webhook("w", "https://ntfy.example.org/t", "pagerduty")))
                .containsExactly("preset");
        assertThat(fieldsOf(ChannelSpec.webhook("w", "https://x.example.org/", "generic")
                .withSecretHeader("X-A\r\nInjected", "v"))).containsExactly("secret-header");
        assertThat(fieldsOf(ChannelSpec.webhook("w", "https://x.example.org/", "generic")
                .withSecretHeader("Host", "evil.example.org"))).containsExactly("secret-header");
        assertThat(fieldsOf(ChannelSpec.webhook("w", "https://x.example.org/", "generic")
                .withSecretHeader("X-Token", "a\r\nX-Other: b"))).containsExactly("secret-header");
        for (String t : List.of("0", "61", "-1", "abc", "99999999999")) {
            assertThat(fieldsOf(ChannelSpec.webhook("w", "https://x.example.org/", "generic").withTimeout(t)))
                    .as(t).containsExactly("timeout");
        }
        assertThat(fieldsOf(ChannelSpec.webhook("w", "https://x.example.org/", "generic")
                .withLimits("no-such-host", "host,weather"))).containsExactlyInAnyOrder("hosts", "conditions");
    }

    @Test
    void limitsNamesAndUpdatesFollowTheRules() {
        Host web1 = fixture.newHost("web1");
        Channel c = channels.create(ChannelSpec.webhook("ops", "https://hooks.example.org/T1/secret-part", "slack")
                .withLimits(web1.name(), "host, host-key"), "admin");
        assertThat(c.hosts()).containsExactly(web1.name());
        assertThat(c.conditions()).containsExactly(AlertKind.HOST, AlertKind.HOST_KEY);
        assertThat(c.accepts(web1.name(), AlertKind.HOST)).isTrue();
        assertThat(c.accepts("other", AlertKind.HOST)).isFalse();
        assertThat(c.accepts(web1.name(), AlertKind.DISK)).isFalse();
        assertThat(c.accepts(null, AlertKind.HOST_KEY)).as("an event about no host").isTrue();
        assertThat(c.destination()).isEqualTo("slack https://hooks.example.org/…");
        assertThatThrownBy(() -> channels.create(ChannelSpec.webhook("ops", "https://x.example.org/", "generic"), "t"))
                .isInstanceOf(ConflictException.class).hasMessageContaining("already exists");
        Channel renamed = channels.update("ops", new ChannelSpec("ops-2", null, false, null, null, null, null, null,
                null, null, "https://hooks.example.org/T2/x", "generic", null, null, "30", null, null), "admin");
        assertThat(renamed.id()).isEqualTo(c.id());
        assertThat(renamed.enabled()).isFalse();
        assertThat(renamed.kind()).as("a channel's kind never changes").isEqualTo(Channel.Kind.WEBHOOK);
        assertThat(renamed.timeoutSeconds()).isEqualTo(30);
        assertThat(renamed.hosts()).isEmpty();
        channels.remove("ops-2", "admin");
        assertThat(channels.list()).isEmpty();
    }

    @Test
    void secretsAreOwnerOnlyFilesNeverInTheDatabaseOrTheAuditLog() throws Exception {
        Channel c = channels.create(ChannelSpec.email("mail", "ops@example.org", "smtp.example.org", "587", "starttls",
                "alerts", "correct-horse-9f2", null), "admin");
        Channel w = channels.create(ChannelSpec.webhook("hook", "https://hooks.example.org/path-secret-77", "generic")
                .withSecretHeader("X-Token", "tok-secret-55"), "admin");
        assertThat(c.smtpFrom()).startsWith("pobsync@");
        assertThat(channels.hasPassword(c)).isTrue();
        assertThat(channels.hasHeaderValue(w)).isTrue();
        Path dir = fixture.dir().resolve("var").resolve("secrets");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.toString())
                        .isEqualTo("rw-------");
            }
        }
        String rows = fixture.app().database().jdbc().sql("SELECT * FROM notification_channel").query()
                .listOfRows().toString();
        assertThat(rows).doesNotContain("correct-horse-9f2").doesNotContain("tok-secret-55");
        String audit = fixture.app().audit().recent(null, null, 100, 0).stream().map(Object::toString)
                .collect(Collectors.joining("\n"));
        assertThat(audit).contains("notify.channel.add").doesNotContain("correct-horse-9f2")
                .doesNotContain("tok-secret-55").doesNotContain("path-secret-77");

        // null keeps the saved secret, "" removes it.
        channels.update("mail", ChannelSpec.email("mail", "ops@example.org", "smtp.example.org", "587", "starttls",
                "alerts", null, null), "admin");
        assertThat(channels.password(channels.get("mail"))).isEqualTo("correct-horse-9f2");
        channels.update("mail", ChannelSpec.email("mail", "ops@example.org", "smtp.example.org", "587", "starttls",
                "alerts", "", null), "admin");
        assertThat(channels.hasPassword(channels.get("mail"))).isFalse();
        channels.remove("hook", "admin");
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).as("a removed channel's secrets go with it").isEmpty();
        }
    }
}
