package org.pobsync.hosts;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pobsync.settings.PobsyncSettings;

/**
 * Keeps a {@code local} host from backing up pobsync's own files: the data dir (the server's SSH
 * private key, the SQLite database, run logs), the remember-me secret and the SQLite file when
 * they live elsewhere. A snapshot of them would hand the SSH key that logs in to every host, and
 * the password hashes, to anyone who can read snapshots.
 *
 * <p>A source path is refused when it is one of these, inside one, or contains one ({@code /},
 * {@code /var}): excludes do not lift that, because an exclude pattern that does not match
 * exactly (rsync anchors them relative to the transfer) would copy the key without a word. Paths
 * are compared after resolving symbolic links on this server, so {@code /srv/link} pointing into
 * the data dir is refused too. The check runs when the host is saved and again before each
 * backup, because a symbolic link can appear later.
 */
public final class LocalSourceGuard {

    /** One of pobsync's own files or directories, and what to call it in a message. */
    public record Guarded(String what, Path path) {
        public Guarded {
            path = path.toAbsolutePath().normalize();
        }
    }

    private final List<Guarded> guarded;

    public LocalSourceGuard(List<Guarded> guarded) {
        this.guarded = List.copyOf(guarded);
    }

    /** pobsync's own files under these settings (the secret and the database only when outside the data dir). */
    public static LocalSourceGuard of(PobsyncSettings settings) {
        List<Guarded> own = new ArrayList<>();
        own.add(new Guarded("data dir", settings.dataDir()));
        own.add(new Guarded("remember-me secret", settings.secretFile()));
        settings.sqliteFile().ifPresent(f -> own.add(new Guarded("database", f)));
        Path dataDir = own.get(0).path();
        return new LocalSourceGuard(own.stream().filter(g -> g == own.get(0) || !g.path().startsWith(dataDir)).toList());
    }

    /** Why a local host may not back up {@code sourcePath}; empty when it may. */
    public Optional<String> problem(String sourcePath) {
        Path source;
        try {
            source = resolved(Path.of(sourcePath));
        } catch (IOException | RuntimeException e) {
            return Optional.of("'" + sourcePath + "' cannot be checked against pobsync's own files (" + e
                    + "); the local transport backs up only paths this server can resolve");
        }
        for (Guarded own : guarded) {
            Path target;
            try {
                target = resolved(own.path());
            } catch (IOException e) {
                target = own.path();
            }
            String relation = source.equals(target) ? "is" : source.startsWith(target) ? "is inside"
                    : target.startsWith(source) ? "contains" : null;
            if (relation != null) {
                return Optional.of("'" + sourcePath + "' " + relation + " pobsync's " + own.what() + " "
                        + own.path() + ": the local transport may not back up pobsync's own files (its SSH private"
                        + " key, database and secret); list the directories beside them instead");
            }
        }
        return Optional.empty();
    }

    /**
     * The path with every symbolic link resolved, as the kernel would follow it, including a link
     * whose target does not exist yet (a dangling link into the data dir's future {@code ssh/} is
     * just as bad); parts that do not exist are taken as written. Anything but "does not exist"
     * (a directory this process may not search) is an error: such a path cannot be shown to be
     * safe.
     */
    static Path resolved(Path path) throws IOException {
        Path absolute = path.toAbsolutePath();
        return resolve(absolute.getRoot(), absolute, new int[] {0});
    }

    private static final int MAX_LINKS = 40;

    private static Path resolve(Path base, Path rest, int[] links) throws IOException {
        Path result = base;
        for (Path part : rest) {
            String name = part.toString();
            if (name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                // result has no links left in it, so its parent is the real parent
                result = result.getParent() == null ? result : result.getParent();
                continue;
            }
            Path next = result.resolve(name);
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(next, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (AccessDeniedException e) {
                throw e;
            } catch (FileSystemException e) {
                // Not there (or a file where a directory would be): nothing to follow.
                result = next;
                continue;
            }
            if (!attributes.isSymbolicLink()) {
                result = next;
                continue;
            }
            if (++links[0] > MAX_LINKS) {
                throw new IOException(next + ": too many levels of symbolic links");
            }
            Path target = Files.readSymbolicLink(next);
            result = resolve(target.isAbsolute() ? target.getRoot() : result, target, links);
        }
        return result;
    }
}
