package org.pobsync.engine.rsync;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.pobsync.engine.BackupRequest;
import org.pobsync.engine.SshTarget;
import org.pobsync.engine.Transport;
import org.pobsync.engine.ssh.SshCommandLine;

/**
 * Builds rsync's argument list for one backup: a pure function of the request and the two
 * directories, table-tested without rsync. See package-info for why each option is there.
 */
public final class RsyncCommand {

    /** The fixed options of every backup. */
    static final List<String> BASE_OPTIONS = List.of(
            "-a", "-H", "--numeric-ids", "--delete", "--delete-excluded", "--relative", "--protect-args");
    /** What pobsync parses: overall progress (\r-updated), one itemized line per change, the totals. */
    static final List<String> OUTPUT_OPTIONS = List.of("--info=progress2", "--itemize-changes", "--stats");
    static final String SUDO_RSYNC = "sudo rsync";

    private final String rsyncProgram;
    private final String sshProgram;
    private final boolean superFlag;

    /**
     * @param rsyncProgram the rsync binary ("rsync" to find it on PATH)
     * @param sshProgram   the ssh binary rsync starts ("ssh" to find it on PATH)
     */
    public RsyncCommand(String rsyncProgram, String sshProgram) {
        this(rsyncProgram, sshProgram, ReceiverPrivileges.needsSuperFlag());
    }

    /**
     * @param superFlag add {@code --super}: this process is not root but may chown (see
     *                  {@link ReceiverPrivileges}), so rsync must be told to keep owners
     */
    public RsyncCommand(String rsyncProgram, String sshProgram, boolean superFlag) {
        this.rsyncProgram = Objects.requireNonNull(rsyncProgram, "rsyncProgram");
        this.sshProgram = Objects.requireNonNull(sshProgram, "sshProgram");
        this.superFlag = superFlag;
        HostValues.validateServerFile("ssh_program", sshProgram);
    }

    /**
     * Checks every host-controlled value of the request; throws {@link InvalidBackupConfigException}
     * naming the first bad field.
     */
    public static void validate(BackupRequest request) {
        HostValues.validateHostName(request.host());
        HostValues.validateSourcePaths(request.sourcePaths());
        HostValues.validateExcludes(request.excludes());
        RsyncOptions.validate(request.extraOptions());
        HostValues.validateCommandLineTotal(request.sourcePaths(), request.excludes(), request.extraOptions());
        HostValues.validateBwlimit(request.bwlimitKbps());
        if (request.bwlimitKbps() != null && request.extraOptions().stream().anyMatch(RsyncOptions::isBwlimit)) {
            throw new InvalidBackupConfigException("rsync_options",
                    "--bwlimit is also set as the host's bandwidth limit; keep only one");
        }
        HostValues.validateTimeout(request.timeout());
        if (request.transport() == Transport.SSH) {
            SshTarget ssh = request.ssh();
            HostValues.validateAddress(ssh.address());
            HostValues.validateUser(ssh.user());
            HostValues.validatePort(ssh.port());
            HostValues.validateServerPath("identity_file", ssh.identityFile());
            HostValues.validateServerPath("known_hosts_file", ssh.knownHostsFile());
            if (ssh.connectTimeout().isNegative() || ssh.connectTimeout().getSeconds() < 1) {
                throw new InvalidBackupConfigException("connect_timeout", "must be at least 1 second");
            }
        } else if (request.useSudo()) {
            throw new InvalidBackupConfigException("use_sudo", "only applies to ssh transport");
        }
    }

    /**
     * The argument list, starting with the rsync program.
     *
     * @param snapshotDir the directory the snapshot is written to; files go to {@code <dir>/data/}
     * @param baseDir     the base snapshot's directory for {@code --link-dest}, null for a full copy
     */
    public List<String> argv(BackupRequest request, Path snapshotDir, Path baseDir) {
        validate(request);
        List<String> argv = new ArrayList<>();
        argv.add(rsyncProgram);
        // A host restricted to rrsync opts out of --protect-args (RsyncOptions): the base options
        // then leave it out rather than list it and its negation.
        boolean protectArgs = !RsyncOptions.turnsOffProtectArgs(request.extraOptions());
        for (String option : BASE_OPTIONS) {
            if (protectArgs || !option.equals("--protect-args")) {
                argv.add(option);
            }
        }
        if (superFlag) {
            argv.add("--super");
        }
        argv.add("--timeout=" + seconds(request.timeout()));
        argv.addAll(OUTPUT_OPTIONS);
        if (request.dryRun()) {
            argv.add("--dry-run");
        }
        if (baseDir != null) {
            argv.add("--link-dest=" + baseDir.toAbsolutePath().normalize().resolve("data"));
        }
        if (request.bwlimitKbps() != null) {
            argv.add("--bwlimit=" + request.bwlimitKbps());
        }
        argv.addAll(request.extraOptions());
        for (String pattern : request.excludes()) {
            // Attached form: a pattern starting with '-' stays the option's value.
            argv.add("--exclude=" + pattern);
        }
        if (request.transport() == Transport.SSH) {
            argv.add("-e");
            argv.add(remoteShell(sshProgram, request.ssh(), request.timeout()));
            if (request.useSudo()) {
                argv.add("--rsync-path=" + SUDO_RSYNC);
            }
        }
        // Nothing after this marker is an option, whatever it looks like.
        argv.add("--");
        for (String path : request.sourcePaths()) {
            argv.add(request.transport() == Transport.SSH ? remoteSource(request.ssh(), path) : path);
        }
        argv.add(snapshotDir.toAbsolutePath().normalize().resolve("data") + "/");
        return List.copyOf(argv);
    }

    /**
     * The {@code -e} value: the ssh program and {@link SshCommandLine#options}, with the host's
     * I/O timeout as the silence ssh tolerates. rsync splits this string into words itself (at
     * spaces; single or double quotes group, a doubled quote inside quotes is a literal quote; no
     * backslash escapes), so a word with a space or a quote is wrapped in single quotes.
     * {@link HostValues#validateServerFile} keeps quotes out of the paths themselves.
     */
    static String remoteShell(String sshProgram, SshTarget ssh, Duration silenceLimit) {
        List<String> quoted = new ArrayList<>();
        quoted.add(quoteRsyncWord(sshProgram));
        for (String word : SshCommandLine.options(ssh, silenceLimit)) {
            quoted.add(quoteRsyncWord(word));
        }
        return String.join(" ", quoted);
    }

    /** Quotes one word for rsync's -e splitter (see {@link #remoteShell}). */
    static String quoteRsyncWord(String word) {
        if (word.indexOf(' ') < 0 && word.indexOf('\'') < 0 && word.indexOf('"') < 0) {
            return word;
        }
        return "'" + word.replace("'", "''") + "'";
    }

    /** {@code user@host:/path}, with an IPv6 address in brackets so its colons are not the separator. */
    static String remoteSource(SshTarget ssh, String path) {
        String host = ssh.address().contains(":") ? "[" + ssh.address() + "]" : ssh.address();
        return ssh.user() + "@" + host + ":" + path;
    }

    static long seconds(Duration d) {
        long s = d.getSeconds();
        return d.getNano() > 0 ? s + 1 : s;
    }
}
