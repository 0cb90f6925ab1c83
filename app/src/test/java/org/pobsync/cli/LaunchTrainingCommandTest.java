package org.pobsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.testsupport.Cli;
import org.pobsync.testsupport.TestDatabase;

/**
 * The jar's training mode, which the build and the installer run to record the class-data
 * archive of bin/pobsync: it exercises the usual commands, a real local backup included, inside
 * its own directory and never in the configured data dir.
 */
class LaunchTrainingCommandTest {

    @TempDir
    Path dir;

    @Test
    void runsTheUsualCommandsInItsOwnDirectoryOnly() throws Exception {
        Path realDataDir = dir.resolve("real-var");
        Cli cli = new Cli(TestDatabase.SQLITE.env(realDataDir));
        Cli.Result r = cli.run("launch-training", dir.resolve("training").toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).as("every training command succeeds here (rsync is installed)").isEmpty();
        assertThat(realDataDir).as("the configured data dir is never touched").doesNotExist();
        assertThat(dir.resolve("training/var/pobsync.sqlite3")).exists();
        try (Stream<Path> snapshots = Files.list(dir.resolve("training/backups/train"))) {
            assertThat(snapshots.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{8}T\\d{6}Z")))
                    .as("a full and an incremental backup").hasSize(2);
        }
    }

    @Test
    void refusesADirectoryThatHoldsSomething() throws Exception {
        Files.writeString(dir.resolve("precious"), "data");
        Cli.Result r = new Cli(Map.of()).run("launch-training", dir.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().lines()).singleElement().asString()
                .isEqualTo("pobsync: launch-training needs an empty or missing directory: " + dir);
        assertThat(dir.resolve("precious")).hasContent("data");
    }

    @Test
    void isNotListedAmongTheCommands() {
        Cli.Result help = new Cli(Map.of()).run("--help");
        assertThat(help.out()).contains("backup").doesNotContain("launch-training");
    }
}
