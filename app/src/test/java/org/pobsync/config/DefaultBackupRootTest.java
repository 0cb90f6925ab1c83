package org.pobsync.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.app.AppContext;
import org.pobsync.engine.layout.BackupRootMarker;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.testsupport.TestDatabase;

/**
 * Issue 13, item 1: the README's quick start ({@code bin/pobsync serve} in a checkout) backs up
 * into {@code ./backups} without anyone creating it, while a root that once held snapshots (an
 * unmounted disk) or a root someone configured is never created behind the operator's back.
 */
class DefaultBackupRootTest {

    @TempDir
    Path dir;

    private AppContext open(Path initialRoot) {
        Map<String, String> env = new HashMap<>(TestDatabase.SQLITE.env(dir.resolve("var")));
        env.put("POBSYNC_BACKUP_ROOT", initialRoot.toString());
        return AppContext.open(PobsyncSettings.from(env), Clock.systemUTC(), 2);
    }

    @Test
    void aCheckoutsDefaultRootIsCreatedAndMarkedOnFirstStart() {
        Path root = dir.resolve("backups");
        try (AppContext app = open(root)) {
            assertThat(app.globalConfig().backupRootProblem()).contains("does not exist");
            assertThat(app.globalConfig().createDefaultRoot(root, "serve")).isTrue();
            assertThat(root).isDirectory();
            assertThat(BackupRootMarker.fileIn(root)).exists();
            assertThat(app.globalConfig().backupRootProblem()).isNull();
            assertThat(app.globalConfig().createDefaultRoot(root, "serve")).as("only once").isFalse();
        }
    }

    @Test
    void aRootThatWasInUseAndIsGoneIsNotCreatedAgain() throws Exception {
        Path root = dir.resolve("backups");
        try (AppContext app = open(root)) {
            app.globalConfig().createDefaultRoot(root, "serve");
            Files.delete(BackupRootMarker.fileIn(root));
            Files.delete(root);
            assertThat(app.globalConfig().createDefaultRoot(root, "serve")).isFalse();
            assertThat(root).doesNotExist();
            assertThat(app.globalConfig().backupRootProblem()).contains("does not exist");
        }
    }

    @Test
    void aRootConfiguredElsewhereIsLeftAlone() {
        try (AppContext app = open(dir.resolve("backups"))) {
            Path other = dir.resolve("other");
            assertThat(app.globalConfig().createDefaultRoot(other, "serve")).isFalse();
            assertThat(other).doesNotExist();
            assertThat(dir.resolve("backups")).doesNotExist();
        }
    }
}
