package org.pobsync.engine.rsync;

import static org.pobsync.engine.rsync.InvalidBackupConfigException.quote;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The extra rsync options an operator may set per host: an allowlist, because rsync has options
 * that run commands ({@code --rsh}, {@code --rsync-path}), read files on the backup server
 * ({@code --files-from}, {@code --password-file}), delete on the host
 * ({@code --remove-source-files}) or rewrite files older snapshots share by hard link
 * ({@code --inplace}). Each option must be given on its own, in one of the spellings below;
 * clustered short options ({@code -zc}) are refused so nothing can hide inside them.
 *
 * <p>Allowed: {@code --compress -z --compress-level=N --checksum -c --one-file-system -x
 * --sparse -S --acls -A --xattrs -X --hard-links -H --no-whole-file --whole-file -W
 * --bwlimit=N}, and {@code --no-protect-args} (also spelled {@code --no-secluded-args}) for a
 * host whose key is restricted to rrsync, which refuses {@code --protect-args}: rsync 3.2.4 and
 * later then backslash-escapes the arguments for the remote side instead, and source paths
 * never contain wildcards ({@link HostValues#validateSourcePath}). Deliberately not allowed: {@code --inplace}/{@code --append} (with
 * {@code --link-dest} they could write into a file an older snapshot shares),
 * {@code --partial-dir}/{@code --temp-dir}/{@code --backup-dir} (write outside the snapshot).
 */
public final class RsyncOptions {

    private static final String FIELD = "rsync_options";

    private static final Set<String> FLAGS = Set.of(
            "--compress", "-z", "--checksum", "-c", "--one-file-system", "-x", "--sparse", "-S",
            "--acls", "-A", "--xattrs", "-X", "--hard-links", "-H", "--no-whole-file", "--whole-file", "-W",
            "--no-protect-args", "--no-secluded-args");

    /** The opt-out of {@code --protect-args}, for hosts behind rrsync (see the class comment). */
    static final Set<String> NO_PROTECT_ARGS = Set.of("--no-protect-args", "--no-secluded-args");

    private static final Map<String, Pattern> VALUED = Map.of(
            "--bwlimit", Pattern.compile("^[1-9][0-9]{0,8}$"),
            "--compress-level", Pattern.compile("^[0-9]{1,2}$"));

    /** Refused by name, with the reason the operator sees. Matched on the option's name, before any '='. */
    private static final Map<String, String> REFUSED = refusals();

    private RsyncOptions() {
    }

    private static Map<String, String> refusals() {
        Map<String, String> m = new LinkedHashMap<>();
        String shell = "pobsync sets the remote shell itself (ssh with the pinned host key)";
        m.put("--rsh", shell);
        m.put("-e", shell);
        m.put("--rsync-path", "pobsync sets the remote rsync command itself (use the host's use_sudo setting)");
        String ruleFile = "reads file names or rules from a file; use the host's exclude patterns instead";
        for (String o : List.of("--files-from", "--exclude-from", "--include-from", "--filter", "-f", "-F",
                "--include", "--exclude", "--cvs-exclude", "-C")) {
            m.put(o, ruleFile);
        }
        m.put("--password-file", "reads a password file on the backup server; pobsync logs in with its ssh key");
        m.put("--early-input", "reads a file on the backup server");
        m.put("--remove-source-files", "would delete files on the host being backed up");
        String deletion = "pobsync controls deletion inside the snapshot itself";
        for (String o : List.of("--delete", "--del", "--delete-before", "--delete-during", "--delete-delay",
                "--delete-after", "--delete-excluded", "--delete-missing-args", "--max-delete", "--ignore-errors",
                "--force")) {
            m.put(o, deletion);
        }
        String base = "pobsync sets the --link-dest base (the newest complete snapshot) itself";
        for (String o : List.of("--link-dest", "--copy-dest", "--compare-dest")) {
            m.put(o, base);
        }
        m.put("--log-file", "pobsync writes the run log itself");
        m.put("--log-file-format", "pobsync writes the run log itself");
        String shared = "could rewrite a file that older snapshots share by hard link";
        for (String o : List.of("--inplace", "--append", "--append-verify")) {
            m.put(o, shared);
        }
        String outside = "writes outside the snapshot directory";
        for (String o : List.of("--backup", "-b", "--backup-dir", "--suffix", "--temp-dir", "-T", "--partial-dir",
                "--write-batch", "--only-write-batch", "--read-batch")) {
            m.put(o, outside);
        }
        m.put("--dry-run", "start a dry run instead");
        m.put("-n", "start a dry run instead");
        m.put("--old-args", "would let the remote shell interpret source paths (for a host restricted to rrsync,"
                + " use --no-protect-args)");
        m.put("--no-s", "spell it --no-protect-args");
        String links = "would follow symbolic links, on the host or inside the snapshot";
        for (String o : List.of("--copy-links", "-L", "--copy-unsafe-links", "--copy-dirlinks", "-k",
                "--keep-dirlinks", "-K", "--safe-links")) {
            m.put(o, links);
        }
        String daemon = "is not an option for a backup client";
        for (String o : List.of("--daemon", "--server", "--sender", "--config", "--dparam", "-M", "--address",
                "--port", "--sockopts", "--connect-program", "--remote-option")) {
            m.put(o, daemon);
        }
        return Map.copyOf(m);
    }

    /** Validates every option; see the class comment for what is allowed. */
    public static void validate(List<String> options) {
        if (options != null) {
            options.forEach(RsyncOptions::validate);
        }
    }

    public static void validate(String option) {
        if (option == null || option.isEmpty()) {
            throw new InvalidBackupConfigException(FIELD, "an empty option is not allowed");
        }
        for (int i = 0; i < option.length(); i++) {
            char c = option.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new InvalidBackupConfigException(FIELD, quote(option)
                        + " may not contain whitespace or control characters (give each option separately)");
            }
        }
        if (!option.startsWith("-")) {
            throw new InvalidBackupConfigException(FIELD, quote(option) + " is not an option (options start with '-')");
        }
        int eq = option.indexOf('=');
        String name = eq < 0 ? option : option.substring(0, eq);
        String refusal = refusalFor(name);
        if (refusal != null) {
            throw new InvalidBackupConfigException(FIELD, quote(option) + " is refused: " + refusal);
        }
        if (FLAGS.contains(option)) {
            return;
        }
        Pattern value = VALUED.get(name);
        if (value != null) {
            if (eq < 0 || !value.matcher(option.substring(eq + 1)).matches()) {
                throw new InvalidBackupConfigException(FIELD, quote(option) + " needs a number, e.g. " + name + "=1000");
            }
            return;
        }
        throw new InvalidBackupConfigException(FIELD, quote(option)
                + " is not in the allowlist (allowed: --compress, --compress-level=N, --checksum, --one-file-system,"
                + " --sparse, --acls, --xattrs, --hard-links, --whole-file, --no-whole-file, --bwlimit=N,"
                + " --no-protect-args)");
    }

    /** Does the host turn {@code --protect-args} off (a key restricted to rrsync)? */
    public static boolean turnsOffProtectArgs(List<String> options) {
        return options != null && options.stream().anyMatch(NO_PROTECT_ARGS::contains);
    }

    private static String refusalFor(String name) {
        String reason = REFUSED.get(name);
        if (reason != null) {
            return reason;
        }
        if (name.startsWith("--") && name.endsWith("-from")) {
            return "reads file names or rules from a file; use the host's exclude patterns instead";
        }
        if (name.startsWith("--delete") || name.startsWith("--del-")) {
            return "pobsync controls deletion inside the snapshot itself";
        }
        if (name.startsWith("--log-file")) {
            return "pobsync writes the run log itself";
        }
        // A short option with something attached: -essh, -fmerge..., -zc.
        if (!name.startsWith("--") && name.length() > 2) {
            String first = name.substring(0, 2);
            if (REFUSED.containsKey(first)) {
                return REFUSED.get(first);
            }
            return "give each short option separately (no clusters like -zc)";
        }
        return null;
    }

    /** True when the option sets a bandwidth limit (so the host's own limit field must stay empty). */
    static boolean isBwlimit(String option) {
        return option.startsWith("--bwlimit=");
    }
}
