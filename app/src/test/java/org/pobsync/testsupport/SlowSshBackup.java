package org.pobsync.testsupport;

import static org.pobsync.testsupport.SshBackupHost.ok;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A host on the loopback sshd whose backups take a while: each {@link #queue} rewrites a 6 MB
 * file and limits the transfer to {@code kbps}, so a test can break something (a worker, the
 * database) while rsync is in the middle of it. Set up through the real CLI; the first backup
 * (a full copy at full speed) is made by {@link #configure}.
 */
public final class SlowSshBackup {

    /** 6 MB at this many KB/s: about 20 s. */
    public static final int DEFAULT_KBPS = 300;

    private final Cli cli;
    private final String host;
    private final Path blob;
    private int seed = 1;

    private SlowSshBackup(Cli cli, String host, Path blob) {
        this.cli = cli;
        this.host = host;
        this.blob = blob;
    }

    /** Configures {@code host} backing up {@code dir/src} into {@code backupRoot}, and backs it up once. */
    public static SlowSshBackup configure(Cli cli, LoopbackSshd sshd, Path dir, Path backupRoot, String host) {
        try {
            Path etc = Files.createDirectories(dir.resolve("src/etc"));
            Files.writeString(etc.resolve("hosts"), "127.0.0.1 localhost\n");
            Path blob = Files.createDirectories(dir.resolve("src/big")).resolve("blob.bin");
            SlowSshBackup slow = new SlowSshBackup(cli, host, blob);
            slow.rewriteBlob();
            SshBackupHost.configure(cli, sshd, backupRoot, host, List.of(etc, blob.getParent()));
            ok(cli.run("backup", host, "--quiet"));
            return slow;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Changes the big file and queues a backup limited to {@code kbps}; returns the run's id. */
    public long queue(int kbps) {
        rewriteBlob();
        ok(cli.run("manage", "configure-host", host, "--bwlimit", String.valueOf(kbps)));
        Cli.Result queued = ok(cli.run("manage", "run-backup", host, "--queue"));
        Matcher m = Pattern.compile("queued run (\\d+)").matcher(queued.out());
        if (!m.find()) {
            throw new AssertionError("no run id in: " + queued);
        }
        return Long.parseLong(m.group(1));
    }

    /** Back to full speed. */
    public void unlimited() {
        ok(cli.run("manage", "configure-host", host, "--bwlimit", "0"));
    }

    private void rewriteBlob() {
        Random random = new Random(seed++);
        byte[] chunk = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(blob)) {
            for (int i = 0; i < 96; i++) {
                random.nextBytes(chunk);
                out.write(chunk);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            // Same size every time: without a distinct mtime, a rewrite within the same second
            // as the previous backup passes rsync's quick check and nothing is transferred.
            Files.setLastModifiedTime(blob, FileTime.from(Instant.parse("2020-01-01T00:00:00Z").plusSeconds(seed)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
