package org.pobsync.engine.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pobsync.engine.backup.BackupFixture.inSnapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pobsync.engine.BackupListener;
import org.pobsync.engine.BackupRequest;
import org.pobsync.engine.BackupResult;
import org.pobsync.engine.RunOutcome;
import org.pobsync.engine.SnapshotState;
import org.pobsync.engine.SshTarget;
import org.pobsync.engine.Transport;
import org.pobsync.engine.layout.SnapshotMetadata;
import org.pobsync.engine.layout.SnapshotMetadataFile;
import org.pobsync.testsupport.Commands;
import org.pobsync.testsupport.LoopbackSshd;
import org.pobsync.testsupport.TestTree;
import org.pobsync.testsupport.TreeComparison;

/** Real backups, over the loopback sshd and locally: what arrives must be exactly the source. */
class BackupEngineTest {

    @TempDir
    Path tmp;

    BackupFixture fixture;
    Path src;

    @BeforeEach
    void setUp() {
        fixture = new BackupFixture(tmp);
        src = tmp.resolve("src");
        TestTree.tree()
                .dir("etc", 0755)
                .file("etc/hosts", "127.0.0.1 localhost\n")
                .emptyFile("etc/empty")
                .file("etc/secret", "s3cr3t\n", 0600)
                .file("etc/script.sh", "#!/bin/sh\necho hi\n", 0755)
                .hardlink("etc/hosts.link", "etc/hosts")
                .symlink("etc/link-to-hosts", "hosts")
                .symlink("etc/dangling", "does/not/exist")
                .symlink("etc/absolute", "/etc/passwd")
                .dir("home", 0755)
                .dir("home/user", 0700)
                .file("home/user/name with spaces.txt", "spaces\n")
                .file("home/user/résumé-日本.txt", "unicode\n")
                .file("home/user/-leading-dash", "dash\n")
                .file("home/user/*", "star\n")
                .file("home/user/?", "question\n")
                .file("home/user/[x]", "bracket\n")
                .file("home/user/glob*name?.txt", "glob\n")
                .file("home/user/new\nline", "newline in the name\n")
                .hardlink("home/user/hosts-elsewhere", "etc/hosts")
                .largeFile("home/user/big.bin", 20L * 1024 * 1024, 42)
                .ownedFile("home/user/owned", "numeric owner\n", 4321, 8765)
                .dir("var", 0755)
                .dir("var/empty-dir", 0755)
                .create(src);
    }

    private BackupFixture.Request request(Transport transport) {
        String[] paths = {src.resolve("etc").toString(), src.resolve("home").toString(), src.resolve("var").toString()};
        return transport == Transport.SSH ? fixture.ssh(LoopbackSshd.shared(), paths) : fixture.local(paths);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void backupCopiesTheTreeExactly(Transport transport) throws IOException {
        RecordingListener listener = new RecordingListener();
        BackupResult result = request(transport).run(listener);

        assertThat(result.outcome()).as(result.errorSummary()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(result.snapshotState()).isEqualTo(SnapshotState.COMPLETE);
        assertThat(result.exitCode()).isZero();
        assertThat(result.errorSummary()).isNull();
        assertThat(result.baseSnapshotName()).isNull();
        assertThat(result.snapshotName()).isEqualTo("20261123T021600Z");
        assertThat(result.snapshotPath()).isEqualTo(fixture.root.resolve("web1/20261123T021600Z"));
        assertThat(fixture.hostDirListing()).containsExactly(".lock", "20261123T021600Z");
        for (String part : new String[] {"etc", "home", "var"}) {
            TreeComparison.assertSameTree(src.resolve(part), inSnapshot(result, src.resolve(part)));
        }
        // Hard links that span two source paths arrive linked too.
        assertThat(TreeComparison.inode(inSnapshot(result, src.resolve("home/user/hosts-elsewhere"))))
                .isEqualTo(TreeComparison.inode(inSnapshot(result, src.resolve("etc/hosts"))));

        SnapshotMetadata metadata = SnapshotMetadataFile.read(result.snapshotPath().resolve("snapshot.json"));
        assertThat(metadata.status()).isEqualTo("complete");
        assertThat(metadata.name()).isEqualTo(result.snapshotName());
        assertThat(metadata.host()).isEqualTo("web1");
        assertThat(metadata.exitCode()).isZero();
        assertThat(metadata.baseSnapshot()).isNull();
        assertThat(metadata.rsyncCommand()).isEqualTo(result.command());
        assertThat(metadata.pobsyncVersion()).isEqualTo("test-1.0");
        assertThat(metadata.startedAt()).isEqualTo(Instant.parse("2026-11-23T02:16:00Z"));
        assertThat(metadata.stats()).isEqualTo(result.stats());
        assertThat(result.stats().filesTransferred()).isGreaterThanOrEqualTo(14);
        assertThat(result.stats().totalSize()).isGreaterThan(20L * 1024 * 1024);

        assertThat(listener.snapshotName).isEqualTo(result.snapshotName());
        assertThat(listener.pid).isPositive();
        assertThat(listener.command).isEqualTo(result.command());
        String log = fixture.lastLog(); Files.writeString(Path.of("/tmp/debug-" + transport + ".log"), log); Files.writeString(Path.of("/tmp/debug-" + transport + ".json"), Files.readString(result.snapshotPath().resolve("snapshot.json")));
        assertThat(log).contains("pobsync: backup of web1 by pobsync test-1.0", "pobsync: command: rsync -a -H",
                ">f+++++++++ ", "big.bin", "Number of files:", "pobsync: rsync exited 0 (success)",
                "snapshot 20261123T021600Z complete");
        assertThat(log).doesNotContain("to-chk=");
        assertThat(listener.linesSnapshot()).contains("pobsync: command: " + org.pobsync.engine.process.ProcessCommand.display(result.command()));
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void backupHardLinksUnchangedFiles(Transport transport) throws IOException {
        BackupResult first = request(transport).run();
        assertThat(first.outcome()).as(first.errorSummary()).isEqualTo(RunOutcome.SUCCEEDED);
        Map<String, TreeComparison.Entry> before = TreeComparison.scan(inSnapshot(first, src));

        Instant later = Instant.parse("2026-11-23T03:00:00Z");
        TestTree.rewrite(src.resolve("etc/secret"), "new secret, longer than before\n", later);
        TestTree.rewrite(src.resolve("home/user/big.bin"), "the big file shrank\n", later);
        Files.delete(src.resolve("home/user/-leading-dash"));
        Files.writeString(src.resolve("etc/added"), "added\n");
        Files.setPosixFilePermissions(src.resolve("etc/script.sh"), TestTree.permissions(0700));

        RecordingListener listener = new RecordingListener();
        BackupResult second = request(transport).run(listener);
        assertThat(second.outcome()).as(second.errorSummary()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(second.baseSnapshotName()).isEqualTo(first.snapshotName());
        assertThat(listener.baseName).isEqualTo(first.snapshotName());
        assertThat(second.command()).contains("--link-dest=" + first.snapshotPath() + "/data");
        assertThat(SnapshotMetadataFile.read(second.snapshotPath().resolve("snapshot.json")).baseSnapshot())
                .isEqualTo(first.snapshotName());

        Path newCopy = inSnapshot(second, src);
        for (String part : new String[] {"etc", "home", "var"}) {
            TreeComparison.assertSameTree(src.resolve(part), newCopy.resolve(part));
        }
        Map<String, TreeComparison.Entry> after = TreeComparison.scan(newCopy);
        var changed = java.util.Set.of("etc/secret", "home/user/big.bin", "etc/script.sh");
        before.forEach((path, entry) -> {
            if (!entry.type().equals("file") || path.equals("home/user/-leading-dash")) {
                return;
            }
            if (changed.contains(path)) {
                assertThat(after.get(path).inode()).as("changed %s is a new file", path).isNotEqualTo(entry.inode());
            } else {
                assertThat(after.get(path).inode()).as("unchanged %s is a hard link", path).isEqualTo(entry.inode());
            }
        });
        assertThat(after).doesNotContainKey("home/user/-leading-dash").containsKey("etc/added");
        assertThat(Files.readString(newCopy.resolve("etc/secret"))).isEqualTo("new secret, longer than before\n");
        // The first snapshot is untouched.
        assertThat(Files.readString(inSnapshot(first, src).resolve("etc/secret"))).isEqualTo("s3cr3t\n");
        assertThat(inSnapshot(first, src).resolve("home/user/-leading-dash")).exists();
        assertThat(second.stats().filesTransferred()).isBetween(3L, 4L);
    }

    /**
     * A disk image or database file with holes: with --sparse it arrives with its holes (it uses
     * as few blocks as on the host), without it every zero is written out.
     */
    @Test
    void aSparseFileArrivesSparseWithTheSparseOption() throws Exception {
        Path host = Files.createDirectories(tmp.resolve("sparse-host"));
        Path image = host.resolve("disk.img");
        try (var file = new java.io.RandomAccessFile(image.toFile(), "rw")) {
            file.write("boot sector".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            file.seek(64L * 1024 * 1024 - 4);
            file.write("end\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        long sourceBlocks = blocks(image);
        assertThat(sourceBlocks).as("the source is sparse").isLessThan(1024);

        BackupResult without = fixture.ssh(LoopbackSshd.shared(), host.toString()).run();
        assertThat(without.outcome()).as(without.errorSummary()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(blocks(inSnapshot(without, image))).as("without --sparse every zero is written")
                .isGreaterThan(100_000);

        // A new mtime, so the next run writes the file again instead of linking it.
        Files.setLastModifiedTime(image, java.nio.file.attribute.FileTime.from(Instant.parse("2026-02-01T00:00:00Z")));
        BackupFixture.Request sparse = fixture.ssh(LoopbackSshd.shared(), host.toString());
        sparse.options = List.of("--sparse");
        BackupResult withSparse = sparse.run();

        assertThat(withSparse.outcome()).as(withSparse.errorSummary()).isEqualTo(RunOutcome.SUCCEEDED);
        Path sparseCopy = inSnapshot(withSparse, image);
        assertThat(Files.mismatch(sparseCopy, image)).as("same content").isEqualTo(-1L);
        assertThat(blocks(sparseCopy)).isLessThanOrEqualTo(sourceBlocks + 64);
    }

    /** 512-byte blocks allocated to the file ({@code stat -c %b}). */
    private static long blocks(Path file) {
        return Long.parseLong(Commands.ok("stat", "-c", "%b", file.toString()).strip());
    }

    @Test
    void serverFilesWithSpacesSurviveRsyncsRemoteShellSplitting() throws IOException {
        LoopbackSshd sshd = LoopbackSshd.shared();
        Path dir = Files.createDirectories(tmp.resolve("pobsync data dir"));
        Path key = Files.copy(sshd.clientKey(), dir.resolve("id ed25519"));
        Files.setPosixFilePermissions(key, TestTree.permissions(0600));
        Path knownHosts = sshd.writeKnownHosts(dir.resolve("known hosts"));
        BackupFixture.Request request = fixture.ssh(sshd, src.resolve("etc").toString()).knownHosts(knownHosts);
        request.target = new SshTarget(request.target.address(), request.target.user(), request.target.port(), key,
                knownHosts, request.target.connectTimeout());
        BackupResult result = request.run();
        assertThat(result.outcome()).as(result.errorSummary()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(String.join(" ", result.command())).contains("-i '" + key + "'",
                "'UserKnownHostsFile=\"" + knownHosts + "\"'");
        TreeComparison.assertSameTree(src.resolve("etc"), inSnapshot(result, src.resolve("etc")));
    }

    @Test
    void aMissingBackupRootIsRefusedInsteadOfCreated() {
        BackupFixture.Request request = fixture.local(src.resolve("etc").toString());
        BackupRequest unmounted = new BackupRequest("web1", Transport.LOCAL, null, false, request.paths, List.of(),
                List.of(), null, java.time.Duration.ofSeconds(30), false, tmp.resolve("mnt/backup"), null);
        BackupResult result = fixture.engine.run(unmounted, BackupListener.NONE);
        assertThat(result.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(result.errorSummary()).isEqualTo("backup root " + tmp.resolve("mnt/backup")
                + " does not exist or is not a directory (is the backup disk mounted?)");
        assertThat(result.snapshotName()).isNull();
        assertThat(tmp.resolve("mnt")).doesNotExist();
    }

    @Test
    void plannedCommandShowsTheNextRunWithoutTouchingTheDisk() throws IOException {
        BackupResult first = fixture.local(src.resolve("etc").toString()).run();
        List<String> planned = fixture.engine.plannedCommand(fixture.local(src.resolve("etc").toString()).build());
        assertThat(planned).contains("--link-dest=" + first.snapshotPath() + "/data");
        assertThat(planned.get(planned.size() - 1)).endsWith(".incomplete/data/");
        assertThat(fixture.hostDirListing()).containsExactly(".lock", first.snapshotName());
    }
}
