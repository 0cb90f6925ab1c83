package org.pobsync.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.app.AppContext;
import org.pobsync.audit.AuditEvent;
import org.pobsync.config.RetentionSettings;
import org.pobsync.engine.Transport;
import org.pobsync.hosts.HostService.Editor;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.testsupport.TestDatabase;
import org.pobsync.validation.ConflictException;
import org.pobsync.validation.FieldError;
import org.pobsync.validation.InvalidInputException;

/** Saving a host on a real database: the audit trail, who may touch local hosts, and the check before a backup. */
class HostServiceTest {

    @TempDir
    Path dir;

    private AppContext app;
    private HostService hosts;
    private final Editor admin = Editor.maintainer("admin");

    @BeforeEach
    void open() {
        app = AppContext.open(PobsyncSettings.from(TestDatabase.SQLITE.env(dir.resolve("var"))), Clock.systemUTC(), 2);
        hosts = app.hosts();
    }

    @AfterEach
    void close() {
        app.close();
    }

    private List<AuditEvent> audit(String action) {
        return app.audit().recent(null, action, 100, 0);
    }

    @Test
    void creationRecordsTheWholeSpec() {
        hosts.save("web1", b -> b.address("web1.example.org").sourcePaths(List.of("/etc", "/home")), admin);

        assertThat(audit("host.create")).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("admin");
            assertThat(e.target()).isEqualTo("web1");
            assertThat(e.detail()).isEqualTo("address: web1.example.org; transport: ssh; ssh_user: (default);"
                    + " ssh_port: (default); use_sudo: no; source_paths: [/etc, /home]; excludes: []; rsync_options: [];"
                    + " bwlimit: none; timeout: (default); retention: (global policy); enabled: yes; notes: (none)");
        });
    }

    @Test
    void anUpdateRecordsEachChangedFieldAsBeforeAndAfter() {
        hosts.save("web1", b -> b.address("web1.example.org").sourcePaths(List.of("/etc", "/home")), admin);

        HostService.Saved saved = hosts.save("web1", b -> b.sshPort(2222).sourcePaths(List.of("/etc", "/srv data"))
                .retentionOverride(new RetentionSettings(null, null, 7, null, null, null)).enabled(false)
                .notes("rack 4,\nask ops"), admin);

        assertThat(saved.changed()).containsExactly(HostField.PORT, HostField.PATHS, HostField.RETENTION,
                HostField.ENABLED, HostField.NOTES);
        assertThat(audit("host.update")).singleElement().extracting(AuditEvent::detail).isEqualTo(
                "ssh_port: (default) → 2222; source_paths: [/etc, /home] → [/etc, \"/srv data\"];"
                        + " retention: (global policy) → keep-daily 7; enabled: yes → no; notes: (none) → \"rack 4, ask ops\"");
    }

    @Test
    void aLongListChangeIsRecordedAsWhatWasAddedAndRemoved() {
        List<String> before = IntStream.range(0, 300).mapToObj(i -> "/srv/p" + i).toList();
        hosts.save("web1", b -> b.address("web1").sourcePaths(before), admin);
        List<String> after = new java.util.ArrayList<>(before.subList(1, 300));
        after.add("/srv/new");

        hosts.save("web1", b -> b.sourcePaths(after), admin);

        assertThat(audit("host.update")).singleElement().extracting(AuditEvent::detail)
                .isEqualTo("source_paths: added [/srv/new]; removed [/srv/p0] (now 300)");
    }

    @Test
    void savingAnUnchangedSpecWritesAndRecordsNothing() {
        Host first = hosts.save("web1", b -> b.address("web1").sourcePaths(List.of("/etc")), admin).host();

        HostService.Saved again = hosts.save(first.spec(), admin);

        assertThat(again.changed()).isEmpty();
        assertThat(hosts.get("web1").updatedAt()).isEqualTo(first.updatedAt());
        assertThat(audit("host.update")).isEmpty();
    }

    @Test
    void onlyAnEditorAllowedLocalHostsMayCreateOrChangeOne() {
        Editor staff = Editor.panelUser("staff", false);
        Path srv = dir.resolve("srv");

        assertThatThrownBy(() -> hosts.save("box", b -> b.transport(Transport.LOCAL).sourcePaths(List.of(srv.toString())),
                staff)).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).errors()).containsExactly(new FieldError("transport",
                        "only a superuser may create or change a host with the local transport: it backs up this"
                                + " server's own files")));
        hosts.save("box", b -> b.transport(Transport.LOCAL).sourcePaths(List.of(srv.toString())),
                Editor.panelUser("root", true));
        assertThatThrownBy(() -> hosts.save("box", b -> b.transport(Transport.SSH).address("box.example"), staff))
                .as("not even to make it an ssh host").isInstanceOf(InvalidInputException.class);
        assertThat(hosts.get("box").transport()).isEqualTo(Transport.LOCAL);
        hosts.save("web1", b -> b.address("web1").sourcePaths(List.of("/etc")), staff);
        assertThatThrownBy(() -> hosts.save("web1", b -> b.transport(Transport.LOCAL), staff))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void aLocalPathThatBecameALinkIntoTheDataDirIsRefusedBeforeTheBackup() throws Exception {
        Path link = dir.resolve("srv");
        hosts.save("box", b -> b.transport(Transport.LOCAL).sourcePaths(List.of(link.toString())), admin);
        hosts.requireLocalSourcesAllowed(hosts.get("box"));

        Files.createSymbolicLink(link, app.settings().dataDir());

        assertThatThrownBy(() -> hosts.requireLocalSourcesAllowed(hosts.get("box")))
                .isInstanceOf(ConflictException.class)
                .hasMessage("host box: '" + link + "' is pobsync's data dir " + app.settings().dataDir()
                        + ": the local transport may not back up pobsync's own files (its SSH private key, database"
                        + " and secret); list the directories beside them instead");
    }
}
