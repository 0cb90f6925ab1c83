package org.pobsync.engine.rsync;

import static org.pobsync.engine.rsync.InvalidBackupConfigException.quote;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.pobsync.engine.ssh.SshArguments;

/**
 * Validation of the host-controlled values that end up on the rsync and ssh command lines. The
 * application calls these when a host is configured, so bad input is refused next to its field
 * long before a backup runs; {@link RsyncCommand} calls them again before every run.
 *
 * <p>Every method throws {@link InvalidBackupConfigException} with a one-line message that starts
 * with the field name.
 */
public final class HostValues {

    private static final Pattern HOST_NAME = Pattern.compile("^[a-z0-9][a-z0-9._-]{0,62}$");
    private static final Pattern USER = Pattern.compile("^[a-z_][a-z0-9_.-]{0,31}$");
    private static final Pattern DNS_LABEL = Pattern.compile("^[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$");
    private static final Pattern IPV4_SHAPE = Pattern.compile("^[0-9.]+$");
    private static final Pattern IPV6_SHAPE = Pattern.compile("^[0-9A-Fa-f:.]+$");
    private static final Pattern ZONE_ID = Pattern.compile("^[A-Za-z0-9_.-]{1,32}$");
    /** Characters glob expansion on the sending side would treat as wildcards. */
    private static final String GLOB_CHARACTERS = "*?[";

    /** Source paths of one host: far more than any real host lists, far below what breaks rsync. */
    public static final int MAX_SOURCE_PATHS = 1000;
    /** Exclude patterns of one host (same reasoning as {@link #MAX_SOURCE_PATHS}). */
    public static final int MAX_EXCLUDES = 1000;
    /**
     * Bytes (UTF-8) of one source path or exclude pattern: Linux's PATH_MAX less its NUL. rsync
     * refuses a longer path, and it drops a longer exclude pattern with only a warning and exit
     * code 0, so the snapshot would silently hold what the operator meant to exclude.
     */
    public static final int MAX_VALUE_BYTES = 4095;
    /**
     * Bytes (UTF-8) of all source paths, exclude patterns and extra options together. They are
     * rsync's argument list on this server (Linux allows 2 MiB for arguments and environment),
     * and a host behind rrsync (--no-protect-args) gets the source paths on the remote shell's
     * command line, one string that Linux caps at 128 KiB (MAX_ARG_STRLEN) and that rsync may
     * lengthen by escaping: 32 KiB stays under both with room to spare.
     */
    public static final int MAX_TOTAL_BYTES = 32 * 1024;

    private HostValues() {
    }

    /** True for a valid host name (the directory name of a host under the backup root). */
    public static boolean isHostName(String name) {
        return name != null && HOST_NAME.matcher(name).matches();
    }

    /** The host's name: its identity and its directory under the backup root. */
    public static void validateHostName(String name) {
        require("name", name);
        if (!HOST_NAME.matcher(name).matches()) {
            throw new InvalidBackupConfigException("name", quote(name)
                    + " is not a valid host name (lower-case letters, digits, '.', '_' and '-', starting with a letter or digit, at most 63)");
        }
    }

    /** A DNS host name, an IPv4 address, or an IPv6 address (without brackets). */
    public static void validateAddress(String address) {
        String field = "address";
        require(field, address);
        if (address.startsWith("-")) {
            throw new InvalidBackupConfigException(field, quote(address) + " may not start with '-' (ssh would read it as an option)");
        }
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new InvalidBackupConfigException(field, quote(address) + " may not contain whitespace or control characters");
            }
        }
        if (address.contains("@")) {
            throw new InvalidBackupConfigException(field, quote(address) + " may not contain '@' (put the user in the user field)");
        }
        if (address.startsWith("[")) {
            throw new InvalidBackupConfigException(field, quote(address) + ": write IPv6 addresses without brackets");
        }
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            boolean plain = c < 0x80 && (Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_' || c == ':' || c == '%');
            if (!plain) {
                throw new InvalidBackupConfigException(field, quote(address) + " contains '" + c
                        + "', which is not allowed in a host name or IP address");
            }
        }
        if (address.contains(":")) {
            validateIpv6(address);
        } else if (IPV4_SHAPE.matcher(address).matches()) {
            validateIpv4(address);
        } else {
            validateDnsName(address);
        }
    }

    private static void validateIpv6(String address) {
        int zone = address.indexOf('%');
        String literal = zone < 0 ? address : address.substring(0, zone);
        boolean valid = IPV6_SHAPE.matcher(literal).matches()
                && (zone < 0 || ZONE_ID.matcher(address.substring(zone + 1)).matches());
        if (valid) {
            try {
                // A literal containing ':' is parsed, never looked up in DNS.
                valid = InetAddress.getByName(literal) instanceof Inet6Address;
            } catch (UnknownHostException e) {
                valid = false;
            }
        }
        if (!valid) {
            throw new InvalidBackupConfigException("address", quote(address) + " is not a valid IPv6 address");
        }
    }

    private static void validateIpv4(String address) {
        String[] parts = address.split("\\.", -1);
        boolean valid = parts.length == 4;
        for (String part : parts) {
            valid &= !part.isEmpty() && part.length() <= 3 && Integer.parseInt(part) <= 255;
        }
        if (!valid) {
            throw new InvalidBackupConfigException("address", quote(address) + " is not a valid IPv4 address");
        }
    }

    private static void validateDnsName(String address) {
        if (address.length() > 253 || address.contains("%")) {
            throw new InvalidBackupConfigException("address", quote(address) + " is not a valid host name");
        }
        for (String label : address.split("\\.", -1)) {
            if (!DNS_LABEL.matcher(label).matches()) {
                throw new InvalidBackupConfigException("address", quote(address)
                        + " is not a valid host name (labels of letters, digits and '-', separated by dots)");
            }
        }
    }

    /** The login user on the host. */
    public static void validateUser(String user) {
        require("user", user);
        if (!USER.matcher(user).matches()) {
            throw new InvalidBackupConfigException("user", quote(user)
                    + " is not a valid user name (lower-case letters, digits, '_', '.', '-', starting with a letter or '_', at most 32)");
        }
    }

    public static void validatePort(int port) {
        if (port < 1 || port > 65535) {
            throw new InvalidBackupConfigException("port", port + " is not a TCP port (1-65535)");
        }
    }

    /** At least one path and at most {@link #MAX_SOURCE_PATHS}, each valid by {@link #validateSourcePath}. */
    public static void validateSourcePaths(List<String> paths) {
        if (paths == null || paths.isEmpty()) {
            throw new InvalidBackupConfigException("source_paths", "at least one path is required");
        }
        validateSourcePathCount(paths.size());
        paths.forEach(HostValues::validateSourcePath);
    }

    public static void validateSourcePathCount(int count) {
        if (count > MAX_SOURCE_PATHS) {
            throw new InvalidBackupConfigException("source_paths", count + " paths are more than the "
                    + MAX_SOURCE_PATHS + " a host may have; back up a common parent directory instead");
        }
    }

    /**
     * An absolute, normalized path on the host. Wildcards are refused because rsync expands them
     * on the sending side ({@code --protect-args} hands the path to the remote rsync, whose glob
     * expansion would still apply), and {@code /./} would be read by {@code --relative} as the
     * point where the kept path starts.
     */
    public static void validateSourcePath(String path) {
        String field = "source_paths";
        require(field, path);
        rejectControlCharacters(field, path);
        rejectLongerThanPathMax(field, path);
        if (!path.startsWith("/")) {
            throw new InvalidBackupConfigException(field, quote(path) + " must be an absolute path (starting with /)");
        }
        for (char c : GLOB_CHARACTERS.toCharArray()) {
            if (path.indexOf(c) >= 0) {
                throw new InvalidBackupConfigException(field, quote(path)
                        + " may not contain the wildcard characters * ? [ (rsync would expand them on the host)");
            }
        }
        boolean normalized = !path.contains("//") && !path.contains("/./") && !path.contains("/../")
                && !path.endsWith("/.") && !path.endsWith("/..") && (path.equals("/") || !path.endsWith("/"));
        if (!normalized) {
            throw new InvalidBackupConfigException(field, quote(path)
                    + " is not normalized (remove '.' and '..' parts, doubled and trailing slashes)");
        }
    }

    /** At most {@link #MAX_EXCLUDES} patterns, each valid by {@link #validateExclude}. */
    public static void validateExcludes(List<String> patterns) {
        if (patterns != null) {
            validateExcludeCount(patterns.size());
            patterns.forEach(HostValues::validateExclude);
        }
    }

    public static void validateExcludeCount(int count) {
        if (count > MAX_EXCLUDES) {
            throw new InvalidBackupConfigException("excludes", count + " patterns are more than the " + MAX_EXCLUDES
                    + " a host may have; use wildcards (*, **) to cover several paths with one pattern");
        }
    }

    /**
     * All host-controlled values on the command line together stay within {@link #MAX_TOTAL_BYTES}.
     * The field named is the one that holds most of them.
     */
    public static void validateCommandLineTotal(List<String> paths, List<String> excludes, List<String> options) {
        long pathBytes = bytes(paths);
        long excludeBytes = bytes(excludes);
        long total = pathBytes + excludeBytes + bytes(options);
        if (total > MAX_TOTAL_BYTES) {
            throw new InvalidBackupConfigException(pathBytes >= excludeBytes ? "source_paths" : "excludes",
                    "the source paths, exclude patterns and rsync options add up to " + total + " bytes, more than the "
                            + MAX_TOTAL_BYTES + " that fit safely on rsync's command line; back up common parent"
                            + " directories, or cover several excludes with one wildcard pattern");
        }
    }

    private static long bytes(List<String> values) {
        long sum = 0;
        if (values != null) {
            for (String v : values) {
                sum += v == null ? 0 : utf8Length(v) + 1; // + the separator (NUL or space) after each
            }
        }
        return sum;
    }

    /**
     * An rsync exclude pattern. rsync reads an {@code --exclude} value that starts with
     * {@code "+ "} as an include rule, one that starts with {@code "- "} as an explicit rule, and
     * a lone {@code "!"} as "clear every exclude so far", so those are refused rather than
     * silently changing what the snapshot holds.
     */
    public static void validateExclude(String pattern) {
        String field = "excludes";
        require(field, pattern);
        rejectControlCharacters(field, pattern);
        rejectLongerThanPathMax(field, pattern);
        if (pattern.startsWith("+ ") || pattern.startsWith("- ")) {
            throw new InvalidBackupConfigException(field, quote(pattern)
                    + " starts with a filter-rule prefix ('+ ' or '- '), which rsync would not read as a pattern; write the pattern alone");
        }
        if (pattern.equals("!")) {
            throw new InvalidBackupConfigException(field, "\"!\" would clear every exclude pattern before it");
        }
    }

    /** Null (no limit) or a positive number of KiB per second. */
    public static void validateBwlimit(Integer kbps) {
        if (kbps != null && kbps < 1) {
            throw new InvalidBackupConfigException("bwlimit", kbps + " is not a bandwidth limit (KiB/s, at least 1; leave empty for none)");
        }
    }

    /** rsync's I/O timeout: at least one second (rsync reads 0 as "never time out"). */
    public static void validateTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.getSeconds() < 1) {
            throw new InvalidBackupConfigException("timeout", "must be at least 1 second");
        }
    }

    /**
     * A file of the backup server that goes into the ssh command (identity, known_hosts, the ssh
     * program). ssh expands '%', '${' and '~' in these and splits its option values at quotes and
     * backslashes, so such characters are refused instead of escaped; spaces are fine.
     */
    public static void validateServerFile(String field, String path) {
        require(field, path);
        rejectControlCharacters(field, path);
        for (char c : SshArguments.UNSAFE_PATH_CHARACTERS.toCharArray()) {
            if (path.indexOf(c) >= 0) {
                throw new InvalidBackupConfigException(field, quote(path) + " may not contain " + c);
            }
        }
    }

    /** As {@link #validateServerFile}, and absolute. */
    public static void validateServerPath(String field, Path path) {
        if (path == null) {
            throw new InvalidBackupConfigException(field, "is required");
        }
        validateServerFile(field, path.toString());
        if (!path.isAbsolute()) {
            throw new InvalidBackupConfigException(field, quote(path.toString()) + " must be an absolute path");
        }
    }

    private static void require(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidBackupConfigException(field, "is required");
        }
    }

    private static void rejectLongerThanPathMax(String field, String value) {
        int length = utf8Length(value);
        if (length > MAX_VALUE_BYTES) {
            throw new InvalidBackupConfigException(field, quote(value) + " is " + length + " bytes long; rsync takes at most "
                    + MAX_VALUE_BYTES);
        }
    }

    private static int utf8Length(String value) {
        return value.getBytes(StandardCharsets.UTF_8).length;
    }

    private static void rejectControlCharacters(String field, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new InvalidBackupConfigException(field, quote(value)
                        + " may not contain control characters (newline, NUL, tab, ...)");
            }
        }
    }
}
