package org.pobsync.engine.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.testsupport.Commands;
import org.pobsync.testsupport.TestEnvironment;

class AtomicFileTest {

    @TempDir
    Path dir;

    @Test
    void writesTheContentWithExactlyTheGivenModeWhateverTheUmask() throws IOException {
        Path file = dir.resolve("known_hosts");
        // Group-writable survives only when the mode is set after creation: the umask (022) drops it.
        AtomicFile.write(file, "line\n", PosixFilePermissions.fromString("rw-rw-r--"));
        assertThat(file).hasContent("line");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-rw-r--");

        AtomicFile.write(file, "secret\n", PosixFilePermissions.fromString("rw-------"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void replacesTheOldFileAndLeavesNoTemporaryFileBehind() throws IOException {
        Path file = dir.resolve("snapshot.json");
        Files.writeString(file, "old, and longer than the new content\n");
        AtomicFile.write(file, "new\n", PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(file).hasContent("new");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("snapshot.json");
        }
    }

    @Test
    void createIfAbsentCreatesOnceAndNeverReplaces() throws IOException {
        Path file = dir.resolve("secret.key");
        assertThat(AtomicFile.createIfAbsent(file, "first\n", PosixFilePermissions.fromString("rw-------"))).isTrue();
        assertThat(AtomicFile.createIfAbsent(file, "second\n", PosixFilePermissions.fromString("rw-r--r--"))).isFalse();
        assertThat(file).hasContent("first");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("secret.key");
        }
    }

    @Test
    void replacesASymbolicLinkInsteadOfWritingThroughIt() throws IOException {
        Path elsewhere = Files.writeString(dir.resolve("elsewhere"), "untouched\n");
        Path link = Files.createSymbolicLink(dir.resolve("config.yaml"), elsewhere);
        AtomicFile.write(link, "written\n", PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.isSymbolicLink(link)).isFalse();
        assertThat(link).hasContent("written");
        assertThat(elsewhere).hasContent("untouched");
    }

    @Test
    void aFailedRenameLeavesTheTargetAsItWasAndNoTemporaryFile() throws IOException {
        Path occupied = Files.createDirectories(dir.resolve("id_ed25519"));
        Files.writeString(occupied.resolve("keep"), "x");
        assertThatThrownBy(() -> AtomicFile.write(occupied, "key", PosixFilePermissions.fromString("rw-------")))
                .isInstanceOf(IOException.class);
        assertThat(occupied.resolve("keep")).hasContent("x");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("id_ed25519");
        }
    }

    /**
     * The order of the system calls is the whole point, so it is read from the kernel: the data
     * of the temporary file is flushed before the rename, and the directory after it.
     */
    @Test
    void flushesTheFileBeforeTheRenameAndTheDirectoryAfterIt() throws Exception {
        Path strace = TestEnvironment.requireBinary("strace");
        Path target = dir.resolve("known_hosts");
        Path trace = dir.resolve("trace.txt");
        Commands.Result run = Commands.run(null, List.of(strace.toString(), "-f", "-qq", "-y", "-o", trace.toString(),
                "-e", "trace=fsync,fdatasync,rename,renameat,renameat2",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:auto", "-cp",
                codeLocation(AtomicFile.class) + File.pathSeparator + codeLocation(AtomicWriteMain.class),
                AtomicWriteMain.class.getName(), target.toString(), "pinned\n"));
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(target).hasContent("pinned");

        List<String> calls = Files.readAllLines(trace).stream()
                .map(line -> line.replaceFirst("^\\d+\\s+", ""))
                .filter(line -> line.contains(dir.toString()))
                .toList();
        Pattern tempSync = Pattern.compile("^f(data)?sync\\(\\d+<" + Pattern.quote(dir + "/.known_hosts.") + "[^>]*\\.tmp>\\)");
        Pattern rename = Pattern.compile("^rename(at2?)?\\(.*\"" + Pattern.quote(target.toString()) + "\"");
        Pattern dirSync = Pattern.compile("^fsync\\(\\d+<" + Pattern.quote(dir.toString()) + ">\\)");
        int fileFlushed = indexOf(calls, tempSync);
        int renamed = indexOf(calls, rename);
        int dirFlushed = indexOf(calls, dirSync);
        assertThat(fileFlushed).as("the temporary file is flushed: %s", calls).isNotNegative();
        assertThat(renamed).as("then renamed over the target: %s", calls).isGreaterThan(fileFlushed);
        assertThat(dirFlushed).as("then the directory is flushed: %s", calls).isGreaterThan(renamed);
    }

    private static int indexOf(List<String> calls, Pattern pattern) {
        for (int i = 0; i < calls.size(); i++) {
            Matcher m = pattern.matcher(calls.get(i));
            if (m.find()) {
                return i;
            }
        }
        return -1;
    }

    private static String codeLocation(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
