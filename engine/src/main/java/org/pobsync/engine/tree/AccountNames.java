package org.pobsync.engine.tree;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The backup server's names for user and group numbers, from {@code /etc/passwd} and
 * {@code /etc/group}. Snapshots keep the hosts' numbers ({@code --numeric-ids}), so a name is only
 * what this server calls that number, and a number it does not know has no name. Read again when
 * either file changes.
 */
public final class AccountNames {

    private static final Path PASSWD = Path.of("/etc/passwd");
    private static final Path GROUP = Path.of("/etc/group");
    private static volatile AccountNames current = new AccountNames(Map.of(), Map.of(), "");

    private final Map<Long, String> users;
    private final Map<Long, String> groups;
    private final String version;

    private AccountNames(Map<Long, String> users, Map<Long, String> groups, String version) {
        this.users = users;
        this.groups = groups;
        this.version = version;
    }

    /** The names as the files say now (read again only when they changed). */
    public static AccountNames current() {
        String version = version(PASSWD) + "/" + version(GROUP);
        AccountNames names = current;
        if (!names.version.equals(version)) {
            names = new AccountNames(read(PASSWD), read(GROUP), version);
            current = names;
        }
        return names;
    }

    /** The user's name, null when this server has none for the number. */
    public String user(long uid) {
        return users.get(uid);
    }

    public String group(long gid) {
        return groups.get(gid);
    }

    private static String version(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.lastModifiedTime().toMillis() + ":" + a.size() + ":" + a.fileKey();
        } catch (IOException e) {
            return "-";
        }
    }

    /** name:password:number:... lines; the first name of a number wins, as getpwuid's does. */
    private static Map<Long, String> read(Path file) {
        Map<Long, String> names = new HashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        for (String line : lines) {
            String[] fields = line.split(":", -1);
            if (fields.length < 3 || fields[0].isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                names.putIfAbsent(Long.parseLong(fields[2]), fields[0]);
            } catch (NumberFormatException ignored) {
                // a malformed line names nobody
            }
        }
        return Map.copyOf(names);
    }
}
