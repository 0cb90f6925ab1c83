package org.pobsync.engine.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.testsupport.DeepTree;

class DirectoryHandleTest {

    @TempDir
    Path dir;

    @AfterEach
    void removeDeepTrees() {
        DeepTree.removeContents(dir);
    }

    @Test
    void statMatchesWhatTheJdkSaysOfEveryKindOfEntry() throws IOException {
        DeepTree.bash(dir, "printf 'hello' > file && chmod 4751 file && ln file twin && mkdir sub && chmod 1777 sub"
                + " && ln -s /etc/shadow evil && mkfifo pipe && touch -d '2024-03-01 10:00:00.123456789Z' file");
        try (DirectoryHandle h = DirectoryHandle.open(dir)) {
            EntryStat file = h.stat(EntryName.literal("file"));
            Map<String, Object> unix = Files.readAttributes(dir.resolve("file"), "unix:*", LinkOption.NOFOLLOW_LINKS);
            assertThat(file.type()).isEqualTo(EntryType.FILE);
            assertThat(file.size()).isEqualTo(5);
            assertThat(file.modeString()).isEqualTo("-rwsr-x--x");
            assertThat(file.octal()).isEqualTo("4751");
            assertThat(file.nlink()).isEqualTo(2);
            assertThat(file.uid()).isEqualTo(((Integer) unix.get("uid")).longValue());
            assertThat(file.inode()).isEqualTo(unix.get("ino"));
            assertThat(file.mtime()).isEqualTo(Instant.parse("2024-03-01T10:00:00.123456789Z"));
            assertThat(h.stat(EntryName.literal("sub")).modeString()).isEqualTo("drwxrwxrwt");
            assertThat(h.stat(EntryName.literal("evil")).type()).isEqualTo(EntryType.SYMLINK);
            assertThat(h.stat(EntryName.literal("pipe")).modeString()).startsWith("p");
            assertThat(h.stat(EntryName.literal("missing"))).isNull();
            assertThat(h.stat().device()).isEqualTo(file.device());
            assertThat(h.stat(EntryName.literal("twin")).sameFileAs(file)).isTrue();
        }
    }

    @Test
    void listsRawNamesWithTheirTypesAndNeverTheDotEntries() throws IOException {
        DeepTree.bash(dir, "touch $'caf\\xe9' $'new\\nline' plain && mkdir d && ln -s plain link");
        try (DirectoryHandle h = DirectoryHandle.open(dir)) {
            List<DirectoryEntry> entries = h.list();
            assertThat(entries).extracting(e -> e.name().escaped())
                    .containsExactlyInAnyOrder("caf\\xe9", "new\\nline", "plain", "d", "link");
            assertThat(entries).filteredOn(e -> e.name().escaped().equals("d"))
                    .extracting(DirectoryEntry::type).containsExactly(EntryType.DIRECTORY);
            EntryName latin1 = EntryName.parse("caf\\xe9");
            assertThat(latin1.bytes()).containsExactly('c', 'a', 'f', 0xe9);
            assertThat(h.stat(latin1).type()).isEqualTo(EntryType.FILE);
        }
    }

    @Test
    void symlinksAreReadNeverFollowed() throws IOException {
        Files.writeString(dir.resolve("target"), "secret");
        Files.createDirectory(dir.resolve("realdir"));
        Files.createSymbolicLink(dir.resolve("to-file"), Path.of("target"));
        Files.createSymbolicLink(dir.resolve("to-dir"), Path.of("realdir"));
        Files.createSymbolicLink(dir.resolve("up"), Path.of("../../.."));
        try (DirectoryHandle h = DirectoryHandle.open(dir)) {
            assertThat(new String(h.readLink(EntryName.literal("up")), StandardCharsets.UTF_8)).isEqualTo("../../..");
            assertThatThrownBy(() -> h.openFile(EntryName.literal("to-file")))
                    .isInstanceOf(FileSystemException.class).hasMessageContaining("symbolic link");
            assertThatThrownBy(() -> h.openDirectory(EntryName.literal("to-dir")))
                    .isInstanceOf(FileSystemException.class).hasMessageContaining("symbolic link");
            assertThatThrownBy(() -> h.openDirectory(EntryName.literal("up")))
                    .isInstanceOf(FileSystemException.class);
            assertThatThrownBy(() -> h.openFile(EntryName.literal("realdir")))
                    .isInstanceOf(FileSystemException.class).hasMessageContaining("not a regular file");
            assertThatThrownBy(() -> h.openFile(EntryName.literal("nothing"))).isInstanceOf(NoSuchFileException.class);
            try (OpenedFile f = h.openFile(EntryName.literal("target"))) {
                ByteBuffer content = ByteBuffer.allocate(16);
                f.channel().read(content);
                assertThat(new String(content.array(), 0, content.position(), StandardCharsets.UTF_8)).isEqualTo("secret");
                assertThat(f.stat().size()).isEqualTo(6);
            }
        }
    }

    @Test
    void aFifoIsRefusedWithoutBlocking() throws IOException {
        DeepTree.bash(dir, "mkfifo pipe");
        try (DirectoryHandle h = DirectoryHandle.open(dir)) {
            assertThatThrownBy(() -> h.openFile(EntryName.literal("pipe")))
                    .isInstanceOf(FileSystemException.class).hasMessageContaining("not a regular file");
        }
    }

    @Test
    void opensAndReadsATreeDeeperThanPathMax() throws IOException {
        DeepTree.create(dir, 20, "at the bottom");
        EntryName level = EntryName.literal(DeepTree.NAME);
        DirectoryHandle current = DirectoryHandle.open(dir);
        try {
            for (int i = 0; i < 20; i++) {
                DirectoryHandle next = current.openDirectory(level);
                current.close();
                current = next;
            }
            try (OpenedFile leaf = current.openFile(EntryName.literal("leaf.txt"))) {
                assertThat(leaf.stat().size()).isEqualTo("at the bottom".length());
            }
            assertThat(current.describe().length()).isLessThan(500);
        } finally {
            current.close();
        }
        assertThat(dir.toString().length() + 20 * 251).isGreaterThan(4096);
    }

    @Test
    void chmodsAnUnreadableDirectoryWithoutFollowingAnything() throws IOException {
        DeepTree.bash(dir, "mkdir locked && chmod 000 locked");
        try (DirectoryHandle h = DirectoryHandle.open(dir)) {
            h.chmodDirectory(EntryName.literal("locked"), 0700);
            assertThat(h.stat(EntryName.literal("locked")).octal()).isEqualTo("0700");
        }
    }
}
