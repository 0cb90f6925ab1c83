package org.pobsync.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The operator's set-up of a host backed up over ssh, through the real CLI: the server key,
 * authorized on the loopback sshd, the host configured, its host key scanned and pinned.
 */
public final class SshBackupHost {

    private SshBackupHost() {
    }

    public static void configure(Cli cli, LoopbackSshd sshd, Path backupRoot, String host, List<Path> paths) {
        try {
            Files.createDirectories(backupRoot);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        ok(cli.run("manage", "configure-global", "--backup-root", backupRoot.toString()));
        ok(cli.run("manage", "ssh-key", "--generate"));
        sshd.authorizeOnly(List.of(Path.of(cli.env().get("POBSYNC_DATA_DIR"), "ssh", "id_ed25519.pub")));
        List<String> args = new ArrayList<>(List.of("manage", "configure-host", host, "--address", sshd.address(),
                "--port", String.valueOf(sshd.port()), "--user", sshd.user()));
        for (Path p : paths) {
            args.add("--path");
            args.add(p.toString());
        }
        ok(cli.run(args.toArray(String[]::new)));
        ok(cli.run("manage", "host-key", host, "--scan", "--yes"));
    }

    public static Cli.Result ok(Cli.Result r) {
        if (r.exitCode() != 0) {
            throw new AssertionError("command failed: " + r);
        }
        return r;
    }

    /** The ssh processes rsync started (its descendants named ssh). */
    public static List<Long> sshChildren(long rsyncPid) {
        return ProcessHandle.of(rsyncPid).stream().flatMap(ProcessHandle::descendants)
                .filter(p -> p.info().command().map(c -> c.endsWith("/ssh") || c.equals("ssh")).orElse(false))
                .map(ProcessHandle::pid).toList();
    }
}
