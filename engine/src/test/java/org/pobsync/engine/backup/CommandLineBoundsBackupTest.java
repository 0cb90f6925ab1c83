package org.pobsync.engine.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.engine.BackupResult;
import org.pobsync.engine.RunOutcome;
import org.pobsync.engine.rsync.HostValues;
import org.pobsync.testsupport.Commands;
import org.pobsync.testsupport.LoopbackSshd;

/**
 * {@link HostValues#MAX_TOTAL_BYTES} against the real thing: without --protect-args (hosts behind
 * rrsync) rsync puts the source paths on the remote shell's command line, escaping every space,
 * and Linux caps that one string at 128 KiB. A host at the limit, with the worst escaping, still
 * backs up; four times the limit is what the remote kernel refuses.
 */
class CommandLineBoundsBackupTest {

    @TempDir
    Path tmp;

    private LoopbackSshd sshd;
    private BackupFixture fixture;

    @BeforeEach
    void setUp() {
        sshd = LoopbackSshd.start();
        fixture = new BackupFixture(tmp);
    }

    @AfterEach
    void stop() {
        sshd.close();
    }

    /** Directories under {@code src} whose paths are mostly spaces (each escaped with a backslash) and use up {@code bytes}. */
    private List<String> spaciousPaths(Path src, int bytes) throws Exception {
        List<String> paths = new ArrayList<>();
        int used = 0;
        for (int i = 0; ; i++) {
            String name = String.format("%04d", i) + " ".repeat(200) + "x";
            int cost = src.resolve(name).toString().length() + 1;
            if (used + cost > bytes) {
                return paths;
            }
            Files.writeString(Files.createDirectories(src.resolve(name)).resolve("f"), "file " + i + "\n");
            paths.add(src.resolve(name).toString());
            used += cost;
        }
    }

    @Test
    void aHostAtTheLimitBacksUpWithoutProtectArgs() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        List<String> paths = spaciousPaths(src, HostValues.MAX_TOTAL_BYTES);
        HostValues.validateSourcePaths(paths);
        HostValues.validateCommandLineTotal(paths, List.of(), List.of("--no-protect-args"));
        int total = paths.stream().mapToInt(p -> p.length() + 1).sum();
        assertThat(total).as("close to the limit").isGreaterThan(HostValues.MAX_TOTAL_BYTES - 300);

        BackupFixture.Request request = fixture.ssh(sshd, paths.toArray(String[]::new));
        request.options = List.of("--no-protect-args");
        BackupResult result = request.run();

        assertThat(result.outcome()).as(result.errorSummary()).isEqualTo(RunOutcome.SUCCEEDED);
        for (String p : paths) {
            assertThat(BackupFixture.inSnapshot(result, Path.of(p)).resolve("f")).exists();
        }
    }

    @Test
    void fourTimesTheLimitIsMoreThanTheRemoteShellTakes() {
        Path knownHosts = sshd.writeKnownHosts(tmp.resolve("known_hosts_probe"));
        List<String> argv = new ArrayList<>(List.of("ssh", "-p", String.valueOf(sshd.port()), "-i",
                sshd.clientKey().toString(), "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
                "-o", "UserKnownHostsFile=" + knownHosts, "-o", "IdentitiesOnly=yes", "-l", sshd.user(), sshd.address(),
                "true"));
        // Separate arguments here, as rsync passes the paths; ssh joins them into one remote command.
        for (int i = 0; i < 4; i++) {
            argv.add("x".repeat(HostValues.MAX_TOTAL_BYTES));
        }
        Commands.Result r = Commands.run(null, argv);
        assertThat(r.exitCode()).as(r.output()).isNotZero();
        assertThat(r.output()).contains("Argument list too long");
    }
}
