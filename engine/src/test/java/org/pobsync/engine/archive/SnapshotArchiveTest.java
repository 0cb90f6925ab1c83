package org.pobsync.engine.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.engine.tree.SnapshotPath;
import org.pobsync.engine.tree.SnapshotTree;
import org.pobsync.testsupport.Commands;
import org.pobsync.testsupport.DeepTree;
import org.pobsync.testsupport.SameTree;
import org.pobsync.testsupport.TestEnvironment;
import org.pobsync.testsupport.TrickyTree;

/** Archives are judged by the tools people extract them with: GNU tar and Info-ZIP's unzip. */
class SnapshotArchiveTest {

    private static final String SNAPSHOT = "20261120T021500Z";

    @TempDir
    Path base;
    Path root;
    Path data;

    @BeforeEach
    void snapshot() throws IOException {
        root = Files.createDirectories(base.resolve("backups"));
        data = Files.createDirectories(root.resolve("web1").resolve(SNAPSHOT).resolve("data"));
        TrickyTree.create(data);
    }

    @AfterEach
    void removeReadOnlyDirectories() {
        DeepTree.removeContents(base);
    }

    private Path write(ArchiveSelection selection, ArchiveFormat format) throws IOException {
        Path archive = base.resolve("out." + format.extension());
        try (SnapshotTree tree = SnapshotTree.open(root, "web1", SNAPSHOT);
             OutputStream out = Files.newOutputStream(archive)) {
            SnapshotArchive.write(tree, selection, format, out);
        }
        return archive;
    }

    private Path extractTar(Path archive) throws IOException {
        TestEnvironment.requireBinary("tar");
        Path into = Files.createDirectories(base.resolve("extracted"));
        Commands.Result r = Commands.run(into, List.of("tar", "-xzpf", archive.toString(), "--numeric-owner"));
        assertThat(r.exitCode()).as(r.output()).isZero();
        return into;
    }

    @Test
    void theWholeSnapshotAsTarGzIsTheSameTreeWhenGnuTarExtractsIt() throws IOException {
        Path archive = write(ArchiveSelection.of(SnapshotPath.ROOT), ArchiveFormat.TAR_GZ);

        SameTree.assertSame(data, extractTar(archive));
    }

    @Test
    void hardLinksStayHardLinksAndSymlinksAreStoredNotFollowed() throws IOException {
        Path extracted = extractTar(write(ArchiveSelection.of(SnapshotPath.parse("/etc")), ArchiveFormat.TAR_GZ));

        assertThat(Files.readSymbolicLink(extracted.resolve("etc/evil"))).isEqualTo(Path.of("/etc/shadow"));
        assertThat(Files.readSymbolicLink(extracted.resolve("etc/up"))).isEqualTo(Path.of("../../.."));
        assertThat(Files.getAttribute(extracted.resolve("etc/hosts.hard"), "unix:ino"))
                .isEqualTo(Files.getAttribute(extracted.resolve("etc/hosts"), "unix:ino"));
        SameTree.assertSame(data.resolve("etc"), extracted.resolve("etc"));
    }

    @Test
    void aSelectionIsNamedRelativeToItsDirectory() throws IOException {
        ArchiveSelection selection = new ArchiveSelection(SnapshotPath.parse("/etc"),
                List.of(SnapshotPath.parse("/etc/ssh"), SnapshotPath.parse("/etc/hosts"),
                        SnapshotPath.parse("/etc/ssh/ssh_host_key")));
        Path extracted = extractTar(write(selection, ArchiveFormat.TAR_GZ));

        try (var listing = Files.list(extracted)) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("hosts", "ssh");
        }
        assertThat(Files.readString(extracted.resolve("ssh/ssh_host_key"))).isEqualTo("secret");
    }

    @Test
    void aZipKeepsContentModesAndSymlinksForUnzip() throws IOException {
        Path archive = write(ArchiveSelection.of(SnapshotPath.ROOT), ArchiveFormat.ZIP);
        TestEnvironment.requireBinary("unzip");
        Path into = Files.createDirectories(base.resolve("unzipped"));
        Commands.Result r = Commands.run(into, List.of("unzip", "-q", "-X", "-K", archive.toString()));
        assertThat(r.exitCode()).as(r.output()).isIn(0, 1); // 1: warnings (FIFO and the like are not in zip)

        SameTree.assertSame(data.resolve("etc"), into.resolve("etc"), "--no-times", "--no-H", "--exclude=hosts.hard");
        assertThat(Files.readSymbolicLink(into.resolve("etc/evil"))).isEqualTo(Path.of("/etc/shadow"));
        assertThat(Files.getAttribute(into.resolve("suid"), "unix:mode")).isEqualTo(0104755);
        assertThat(into.resolve("caf%E9")).as("a name that is not UTF-8, percent-encoded").exists();
        assertThat(into.resolve("new%0Aline")).exists();
        if (TestEnvironment.isRoot()) {
            assertThat(Files.getAttribute(into.resolve("owned"), "unix:uid")).isEqualTo(1234);
        }
    }

    @Test
    void aSelectedPathThatIsNotThereIsAnError() {
        ArchiveSelection selection = new ArchiveSelection(SnapshotPath.ROOT, List.of(SnapshotPath.parse("/nothing")));
        assertThatThrownBy(() -> write(selection, ArchiveFormat.TAR_GZ)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void selectionsOutsideTheirBaseAreRefused() {
        assertThatThrownBy(() -> new ArchiveSelection(SnapshotPath.parse("/etc"), List.of(SnapshotPath.parse("/home"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not inside");
        assertThatThrownBy(() -> SnapshotPath.parse("/etc/../home")).isInstanceOf(IllegalArgumentException.class);
    }
}
