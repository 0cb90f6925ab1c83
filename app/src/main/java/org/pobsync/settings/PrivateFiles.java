package org.pobsync.settings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Whatever pobsync creates in its data dir is never readable by other users of the machine, whatever
 * the process umask: the services run with UMask=0027, but {@code bin/pobsync serve} from a login
 * shell usually has 022, which left the database (password and token hashes) and the run logs
 * (every file name of every host) world-readable. Directories get 0750 and files 0640 exactly (the
 * services' own UMask result, so a file is the same whoever made it); keys and secrets are 0600
 * where they are made. SQLite gives its -wal and -shm files the database file's mode, so creating
 * the database file first is enough for all three.
 */
public final class PrivateFiles {

    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwxr-x---");
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-r-----");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private PrivateFiles() {
    }

    /** Creates {@code dir} and its missing parents, each with mode 0750. */
    public static Path directory(Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        if (Files.isDirectory(absolute)) {
            return absolute;
        }
        Path parent = absolute.getParent();
        if (parent != null) {
            directory(parent);
        }
        try {
            Files.createDirectory(absolute);
            Files.setPosixFilePermissions(absolute, DIRECTORY);
        } catch (FileAlreadyExistsException raced) {
            // another process made it meanwhile
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory " + absolute + ": " + e.getMessage(), e);
        }
        return absolute;
    }

    /** Creates {@code file} empty with mode 0640 (and its directory) unless it exists; an existing file is left as it is. */
    public static Path file(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        directory(absolute.getParent());
        try {
            Files.createFile(absolute, PosixFilePermissions.asFileAttribute(FILE));
            Files.setPosixFilePermissions(absolute, FILE);
        } catch (FileAlreadyExistsException exists) {
            // kept: its owner may have chosen its mode
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + absolute + ": " + e.getMessage(), e);
        }
        return absolute;
    }

    /**
     * Takes the permissions for others away from {@code path} when it exists and belongs to this
     * process's user (what earlier versions created under a 022 umask); anything else is left alone.
     */
    public static void closeToOthers(Path path) {
        try {
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(path)
                    || !Files.getOwner(path).getName().equals(System.getProperty("user.name"))) {
                return;
            }
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path);
            if (mode.removeAll(OTHERS)) {
                Files.setPosixFilePermissions(path, mode);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // Best effort on files of an earlier version; new files are made private anyway.
        }
    }

    /** At start: the data dir exists, and is closed to others even if an earlier version made it 0755. */
    public static void secureDataDir(PobsyncSettings settings) {
        directory(settings.dataDir());
        closeToOthers(settings.dataDir());
    }
}
