package org.pobsync.engine.btrfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.pobsync.engine.process.CommandOutput;
import org.pobsync.engine.process.ProcessCommand;
import org.pobsync.engine.process.ProcessRunner;

/**
 * The btrfs tool (btrfs-progs) for what pobsync does with subvolumes: create, snapshot, make
 * read-only or writable, delete, and measure. Argument lists only, each path after {@code --},
 * so no snapshot or host name can become an option. Every call runs one short process; the
 * kernel does the work (a snapshot or a delete costs about the same for ten files as for a
 * million).
 */
public final class Btrfs {

    /** The top directory of every subvolume has this inode number (BTRFS_FIRST_FREE_OBJECTID). */
    static final long SUBVOLUME_INODE = 256;
    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    private final String program;
    private final ProcessRunner runner;

    /** @param program the btrfs binary ("btrfs": found on PATH) */
    public Btrfs(String program) {
        this.program = Objects.requireNonNull(program, "program");
        this.runner = new ProcessRunner();
    }

    public Btrfs() {
        this("btrfs");
    }

    public String program() {
        return program;
    }

    /** A new, empty, writable subvolume at {@code path} (which must not exist). */
    public void createSubvolume(Path path) throws IOException {
        run("subvolume", "create", "--", path.toString());
    }

    /** A writable snapshot of {@code source} at {@code target}: a copy that costs nothing until it diverges. */
    public void snapshot(Path source, Path target) throws IOException {
        run("subvolume", "snapshot", "--", source.toString(), target.toString());
    }

    /** Makes the subvolume read-only (nothing can change a file in it, not even its owner) or writable again. */
    public void setReadOnly(Path subvolume, boolean readOnly) throws IOException {
        run("property", "set", "-ts", "--", subvolume.toString(), "ro", Boolean.toString(readOnly));
    }

    /**
     * Deletes the subvolume and everything in it. A read-only one is made writable first: a
     * process without CAP_SYS_ADMIN (the worker, with the {@code user_subvol_rm_allowed} mount
     * option) may not delete it otherwise. The space comes back in the background.
     */
    public void deleteSubvolume(Path subvolume) throws IOException {
        try {
            run("subvolume", "delete", "--", subvolume.toString());
        } catch (IOException first) {
            if (first.getMessage().endsWith("Operation not permitted")) {
                throw new IOException(first.getMessage() + DELETE_HINT, first);
            }
            if (!first.getMessage().contains("Read-only file system")) {
                throw first;
            }
            setReadOnly(subvolume, false);
            run("subvolume", "delete", "--", subvolume.toString());
        }
    }

    /** What a process without CAP_SYS_ADMIN lacks when the kernel refuses to delete a subvolume. */
    static final String DELETE_HINT = " (without CAP_SYS_ADMIN, deleting a subvolume needs the mount option"
            + " user_subvol_rm_allowed)";

    /**
     * {@code btrfs filesystem du -s} of the given directories, in the same order: total bytes of
     * their extents, the bytes no other file or snapshot shares (what deleting one frees), and
     * the bytes shared only within the given set. Needs read access to every file, no privilege.
     */
    public List<Usage> usage(List<Path> dirs) throws IOException {
        if (dirs.isEmpty()) {
            return List.of();
        }
        List<String> args = new ArrayList<>(List.of("filesystem", "du", "-s", "--raw", "--"));
        dirs.forEach(d -> args.add(d.toString()));
        List<String> lines = run(args.toArray(String[]::new)).stdout();
        List<Usage> usage = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.strip().split("\\s+", 4);
            if (f.length == 4 && f[0].chars().allMatch(Character::isDigit)) {
                usage.add(new Usage(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2])));
            }
        }
        if (usage.size() != dirs.size()) {
            throw new IOException(program + " filesystem du printed " + usage.size() + " sizes for " + dirs.size()
                    + " directories");
        }
        return usage;
    }

    /** One directory's {@link #usage}. */
    public record Usage(long totalBytes, long exclusiveBytes, long setSharedBytes) {
    }

    /**
     * Whether {@code dir} is the top directory of a btrfs subvolume (and not a symlink to one):
     * the inode number every subvolume's top directory has, and a device number of its own.
     */
    public static boolean isSubvolume(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || dir.getParent() == null) {
            return false;
        }
        long inode = (Long) Files.getAttribute(dir, "unix:ino", LinkOption.NOFOLLOW_LINKS);
        if (inode != SUBVOLUME_INODE) {
            return false;
        }
        long device = (Long) Files.getAttribute(dir, "unix:dev", LinkOption.NOFOLLOW_LINKS);
        return device != (Long) Files.getAttribute(dir.getParent(), "unix:dev", LinkOption.NOFOLLOW_LINKS);
    }

    /** Whether the file system holding {@code path} is btrfs. */
    public static boolean onBtrfs(Path path) throws IOException {
        return "btrfs".equals(Files.getFileStore(path).type());
    }

    private CommandOutput run(String... args) throws IOException {
        List<String> argv = new ArrayList<>();
        argv.add(program);
        argv.addAll(List.of(args));
        CommandOutput out;
        try {
            out = runner.run(ProcessCommand.of(argv), TIMEOUT);
        } catch (UncheckedIOException e) {
            throw new IOException("cannot run " + program + " (is btrfs-progs installed?): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + ProcessCommand.display(argv), e);
        }
        if (out.exitCode() != 0) {
            throw new IOException(ProcessCommand.display(argv) + " failed (exit " + out.exitCode() + "): " + errorOf(out));
        }
        return out;
    }

    /** The ERROR line btrfs prints, without the warnings an unprivileged caller always gets. */
    private static String errorOf(CommandOutput out) {
        return out.stderr().stream().filter(l -> l.startsWith("ERROR")).reduce((a, b) -> b)
                .or(() -> out.stderr().stream().filter(l -> !l.startsWith("WARNING")).reduce((a, b) -> b))
                .map(l -> l.replaceFirst("^ERROR: ", ""))
                .orElse(out.stdoutText().isBlank() ? "no output" : out.stdoutText());
    }
}
