package org.pobsync.engine.ssh;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.pobsync.engine.io.AtomicFile;
import org.pobsync.engine.process.CommandOutput;
import org.pobsync.engine.process.ProcessCommand;
import org.pobsync.engine.process.ProcessRunner;

/**
 * The directory that holds pobsync's own ed25519 key pair ({@code id_ed25519},
 * {@code id_ed25519.pub}): generating it with ssh-keygen, reading it, and checking that it is
 * still safe to use.
 *
 * <p>Replacing the key locks pobsync out of every host until the new public key is installed on
 * each, so generating over an existing key must be asked for explicitly.
 */
public final class ServerKeyStore {

    public static final String KEY_FILE_NAME = "id_ed25519";

    private static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> PRIVATE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> PUBLIC_MODE = PosixFilePermissions.fromString("rw-r-----");
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final Duration KEYGEN_TIMEOUT = Duration.ofSeconds(30);
    private static final ProcessRunner RUNNER = new ProcessRunner();

    private final Path directory;

    public ServerKeyStore(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    public Path privateKeyFile() {
        return directory.resolve(KEY_FILE_NAME);
    }

    public Path publicKeyFile() {
        return directory.resolve(KEY_FILE_NAME + ".pub");
    }

    public boolean exists() {
        return Files.exists(privateKeyFile(), LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Generates a new key pair ({@code ssh-keygen -t ed25519 -N "" -C comment}). The pair is made
     * in a private scratch directory and each file then replaces the old one atomically, so an
     * existing key stays usable until the new one is complete.
     *
     * @throws FileAlreadyExistsException when a key exists and {@code replaceExisting} is false
     */
    public ServerKeyPair generate(String comment, boolean replaceExisting) throws IOException {
        if (comment == null || comment.isBlank() || comment.length() > 200 || comment.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("key comment must be one short line of text");
        }
        if (exists() && !replaceExisting) {
            throw new FileAlreadyExistsException(privateKeyFile().toString(), null, "a server key already exists;"
                    + " a new one locks pobsync out of every host until its public key is installed there");
        }
        Files.createDirectories(directory);
        Files.setPosixFilePermissions(directory, DIRECTORY_MODE);
        Path scratch = Files.createTempDirectory(directory, ".keygen-", PosixFilePermissions.asFileAttribute(DIRECTORY_MODE));
        try {
            Path key = scratch.resolve(KEY_FILE_NAME);
            CommandOutput result = sshKeygen("-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", key.toString());
            if (result.exitCode() != 0 || !Files.exists(key)) {
                throw new IOException("ssh-keygen failed (exit " + result.exitCode() + "): "
                        + String.join(" ", result.stderr()));
            }
            Path pub = scratch.resolve(KEY_FILE_NAME + ".pub");
            // Private key first: a public file left over from a crash in between can be re-derived.
            AtomicFile.write(privateKeyFile(), Files.readAllBytes(key), PRIVATE_MODE);
            AtomicFile.write(publicKeyFile(), Files.readAllBytes(pub), PUBLIC_MODE);
        } finally {
            deleteTree(scratch);
        }
        return read().orElseThrow(() -> new IOException("generated key vanished: " + privateKeyFile()));
    }

    /**
     * The key pair, or empty when no private key exists. A missing {@code .pub} is derived from the
     * private key ({@code ssh-keygen -y}) rather than treated as no key.
     */
    public Optional<ServerKeyPair> read() throws IOException {
        if (!exists()) {
            return Optional.empty();
        }
        String line = Files.exists(publicKeyFile()) ? firstLine(Files.readString(publicKeyFile())) : derivePublicKey();
        HostKey key;
        try {
            key = HostKey.parse(line);
        } catch (IllegalArgumentException e) {
            throw new IOException("unreadable public key " + publicKeyFile() + ": " + e.getMessage(), e);
        }
        return Optional.of(new ServerKeyPair(privateKeyFile(), publicKeyFile(), line, key.type(), key.fingerprint()));
    }

    /** Present, owned by the user pobsync runs as, and readable by that user only (ssh insists). */
    public KeyFileCheck check() {
        Path key = privateKeyFile();
        try {
            if (!Files.isRegularFile(key)) {
                return KeyFileCheck.fail("no server key at " + key + ": generate one (pobsync manage ssh-key --generate)");
            }
            String owner = Files.getOwner(key).getName();
            String self = System.getProperty("user.name");
            if (!owner.equals(self)) {
                return KeyFileCheck.fail("server key " + key + " belongs to " + owner + " but pobsync runs as " + self
                        + ": chown " + self + " " + key);
            }
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(key);
            if (mode.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
                return KeyFileCheck.fail("server key " + key + " is accessible by others (mode "
                        + PosixFilePermissions.toString(mode) + "), so ssh refuses it: chmod 600 " + key);
            }
            Set<PosixFilePermission> directoryMode = Files.getPosixFilePermissions(directory);
            if (directoryMode.contains(PosixFilePermission.GROUP_WRITE)
                    || directoryMode.contains(PosixFilePermission.OTHERS_WRITE)) {
                return KeyFileCheck.warn("key directory " + directory + " is writable by others: chmod 700 " + directory);
            }
            if (!Files.isRegularFile(publicKeyFile())) {
                return KeyFileCheck.warn("public key " + publicKeyFile() + " is missing: ssh-keygen -y -f " + key
                        + " > " + publicKeyFile());
            }
            return KeyFileCheck.ok("server key present, readable by " + owner + " only");
        } catch (IOException e) {
            return KeyFileCheck.fail("cannot inspect server key " + key + ": " + e.getMessage());
        }
    }

    private String derivePublicKey() throws IOException {
        CommandOutput result = sshKeygen("-y", "-f", privateKeyFile().toString());
        if (result.exitCode() != 0 || result.stdout().isEmpty()) {
            throw new IOException("cannot derive the public key from " + privateKeyFile() + ": "
                    + String.join(" ", result.stderr()));
        }
        return result.stdout().get(0).strip();
    }

    private static CommandOutput sshKeygen(String... arguments) throws IOException {
        List<String> argv = new ArrayList<>();
        argv.add("ssh-keygen");
        argv.addAll(List.of(arguments));
        try {
            return RUNNER.run(ProcessCommand.of(argv), KEYGEN_TIMEOUT);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while running ssh-keygen");
        }
    }

    private static String firstLine(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
