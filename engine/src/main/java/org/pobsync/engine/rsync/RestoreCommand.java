package org.pobsync.engine.rsync;

import static org.pobsync.engine.rsync.InvalidBackupConfigException.quote;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.pobsync.engine.RestoreRequest;
import org.pobsync.engine.SshTarget;
import org.pobsync.engine.Transport;
import org.pobsync.engine.tree.EntryName;
import org.pobsync.engine.tree.SnapshotPath;

/**
 * Builds rsync's argument list for one restore: the backup's transfer the other way, from the
 * snapshot's {@code data/} to a directory on a host. A pure function of the request, table-tested
 * without rsync.
 *
 * <p>Why each option is there: {@code -aH --numeric-ids} put back modes, times, links, hard links
 * and owners by number, as the snapshot holds them (the names on the server may mean other users);
 * {@code --relative} with a {@code /./} after {@code data} makes {@code /etc/ssh} land as
 * {@code TARGET/etc/ssh}; {@code --protect-args} hands the target directory to the remote rsync
 * without its shell; {@code --delete} only when asked, and then only inside the restored paths.
 * Every source path is built from a {@link SnapshotPath} (no {@code ..}, no empty name) under the
 * snapshot's {@code data/}, absolute, and everything after {@code --} is a path, never an option,
 * so nothing can be read from outside the snapshot or written outside the target.
 */
public final class RestoreCommand {

    static final List<String> BASE_OPTIONS = List.of("-a", "-H", "--numeric-ids", "--relative", "--protect-args");
    private static final String FIELD = "target";
    private static final String WILDCARDS = "*?[";

    private final String rsyncProgram;
    private final String sshProgram;

    public RestoreCommand(String rsyncProgram, String sshProgram) {
        this.rsyncProgram = Objects.requireNonNull(rsyncProgram, "rsyncProgram");
        this.sshProgram = Objects.requireNonNull(sshProgram, "sshProgram");
        HostValues.validateServerFile("ssh_program", sshProgram);
    }

    /** Checks every value that reaches the command line; throws naming the first bad one. */
    public static void validate(RestoreRequest request) {
        HostValues.validateHostName(request.host());
        HostValues.validateHostName(request.targetHost());
        validateTargetDir(request.targetDir());
        HostValues.validateTimeout(request.timeout());
        for (SnapshotPath path : request.paths()) {
            argumentText(path);
        }
        if (request.transport() == Transport.SSH) {
            SshTarget ssh = request.ssh();
            HostValues.validateAddress(ssh.address());
            HostValues.validateUser(ssh.user());
            HostValues.validatePort(ssh.port());
            HostValues.validateServerPath("identity_file", ssh.identityFile());
            HostValues.validateServerPath("known_hosts_file", ssh.knownHostsFile());
        } else if (request.useSudo()) {
            throw new InvalidBackupConfigException("use_sudo", "only applies to ssh transport");
        }
    }

    /**
     * The directory a restore writes into: absolute, normalized (no {@code .}, {@code ..} or
     * doubled slashes, so it is exactly the directory it names), no control characters, no
     * wildcards.
     */
    public static void validateTargetDir(String dir) {
        if (dir == null || dir.isBlank()) {
            throw new InvalidBackupConfigException(FIELD, "a target directory is required");
        }
        if (!dir.startsWith("/")) {
            throw new InvalidBackupConfigException(FIELD, quote(dir) + " must be an absolute path (starting with /)");
        }
        if (dir.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new InvalidBackupConfigException(FIELD, quote(dir) + " may not contain control characters");
        }
        if (dir.chars().anyMatch(c -> WILDCARDS.indexOf(c) >= 0)) {
            throw new InvalidBackupConfigException(FIELD, quote(dir) + " may not contain the wildcard characters * ? [");
        }
        if (dir.length() > HostValues.MAX_VALUE_BYTES) {
            throw new InvalidBackupConfigException(FIELD, "is longer than " + HostValues.MAX_VALUE_BYTES + " characters");
        }
        String trimmed = dir.length() > 1 && dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
        for (String part : trimmed.substring(1).split("/", -1)) {
            if (trimmed.length() > 1 && (part.isEmpty() || part.equals(".") || part.equals(".."))) {
                throw new InvalidBackupConfigException(FIELD, quote(dir)
                        + " is not normalized (remove '.' and '..' parts and doubled slashes)");
            }
        }
    }

    /** The argument list, starting with the rsync program. */
    public List<String> argv(RestoreRequest request) {
        validate(request);
        List<String> argv = new ArrayList<>();
        argv.add(rsyncProgram);
        argv.addAll(BASE_OPTIONS);
        argv.add("--timeout=" + RsyncCommand.seconds(request.timeout()));
        argv.addAll(RsyncCommand.OUTPUT_OPTIONS);
        if (request.dryRun()) {
            argv.add("--dry-run");
        }
        if (request.delete()) {
            argv.add("--delete");
        }
        if (request.transport() == Transport.SSH) {
            argv.add("-e");
            argv.add(RsyncCommand.remoteShell(sshProgram, request.ssh(), request.timeout()));
            if (request.useSudo()) {
                argv.add("--rsync-path=" + RsyncCommand.SUDO_RSYNC);
            }
        }
        argv.add("--");
        Path data = request.snapshotDir().toAbsolutePath().normalize().resolve("data");
        for (SnapshotPath path : request.paths()) {
            argv.add(data + "/." + (path.isRoot() ? "/" : argumentText(path)));
        }
        String target = withSlash(request.targetDir());
        argv.add(request.transport() == Transport.SSH ? RsyncCommand.remoteSource(request.ssh(), target) : target);
        return List.copyOf(argv);
    }

    /** Throws {@link InvalidBackupConfigException} for a path that cannot be handed to rsync. */
    public static void validatePath(SnapshotPath path) {
        argumentText(path);
    }

    /**
     * The path as rsync gets it: the names' bytes as UTF-8 text joined by {@code /}. A name that
     * is not UTF-8 cannot travel in an argument list as text; its directory can be restored instead.
     */
    static String argumentText(SnapshotPath path) {
        StringBuilder text = new StringBuilder();
        for (EntryName name : path.names()) {
            try {
                text.append('/').append(StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(name.bytes())));
            } catch (CharacterCodingException e) {
                throw new InvalidBackupConfigException("paths", quote(path.escaped())
                        + " has a name that is not UTF-8, which cannot be passed to rsync; restore its directory instead");
            }
        }
        return text.toString();
    }

    private static String withSlash(String dir) {
        return dir.endsWith("/") ? dir : dir + "/";
    }
}
