package org.pobsync.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.settings.PobsyncSettings;

/** Which local paths reach pobsync's own files, symbolic links followed on the real file system. */
class LocalSourceGuardTest {

    @TempDir
    Path tmp;

    private Path dataDir;
    private LocalSourceGuard guard;

    @BeforeEach
    void setUp() throws Exception {
        dataDir = Files.createDirectories(tmp.resolve("var/lib/pobsync"));
        guard = new LocalSourceGuard(List.of(new LocalSourceGuard.Guarded("data dir", dataDir)));
    }

    private String problem(Path p) {
        return guard.problem(p.toString()).orElse(null);
    }

    @Test
    void theDataDirWhatIsInsideAndWhatContainsItAreRefusedNeighboursAreNot() {
        assertThat(problem(dataDir)).contains("' is pobsync's data dir " + dataDir);
        assertThat(problem(dataDir.resolve("ssh/id_ed25519"))).contains("' is inside pobsync's data dir");
        assertThat(problem(tmp.resolve("var"))).contains("' contains pobsync's data dir");
        assertThat(problem(Path.of("/"))).contains("'/' contains pobsync's data dir");
        assertThat(problem(tmp.resolve("var/lib/pobsync2"))).as("a name that only starts the same").isNull();
        assertThat(problem(tmp.resolve("var/lib/other"))).isNull();
    }

    @Test
    void linksAreFollowedIncludingRelativeAndDanglingOnes() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("srv/a"));
        Files.createSymbolicLink(dir.resolve("relative"), Path.of("../../var/lib/pobsync"));
        Files.createSymbolicLink(dir.resolve("dangling"), dataDir.resolve("ssh"));
        Files.createSymbolicLink(dir.resolve("up"), Path.of("../.."));

        assertThat(problem(dir.resolve("relative"))).contains("is pobsync's data dir");
        assertThat(problem(dir.resolve("dangling"))).as("ssh/ does not exist yet").contains("is inside pobsync's data dir");
        assertThat(problem(dir.resolve("up/var/lib/pobsync/logs"))).contains("is inside pobsync's data dir");
        assertThat(problem(dir.resolve("up/srv"))).isNull();
    }

    @Test
    void aDataDirReachedThroughALinkIsStillFound() throws Exception {
        Path link = Files.createSymbolicLink(tmp.resolve("data-link"), dataDir);
        LocalSourceGuard viaLink = new LocalSourceGuard(List.of(new LocalSourceGuard.Guarded("data dir", link)));
        assertThat(viaLink.problem(tmp.resolve("var/lib").toString()).orElseThrow())
                .contains("contains pobsync's data dir " + link);
    }

    @Test
    void aLinkLoopCannotBeShownSafeAndIsRefused() throws Exception {
        Files.createSymbolicLink(tmp.resolve("loop-a"), tmp.resolve("loop-b"));
        Files.createSymbolicLink(tmp.resolve("loop-b"), tmp.resolve("loop-a"));
        assertThat(problem(tmp.resolve("loop-a/x"))).contains("cannot be checked against pobsync's own files")
                .contains("too many levels of symbolic links");
    }

    @Test
    void theSecretAndTheDatabaseCountWhenTheyLiveOutsideTheDataDir() {
        PobsyncSettings settings = PobsyncSettings.from(Map.of("POBSYNC_DATA_DIR", dataDir.toString(),
                "POBSYNC_SECRET_FILE", tmp.resolve("etc/pobsync/secret.key").toString(),
                "POBSYNC_DATABASE_URL", "jdbc:sqlite:" + tmp.resolve("db/pobsync.sqlite3") + "?journal_mode=WAL"));
        LocalSourceGuard own = LocalSourceGuard.of(settings);
        assertThat(own.problem(tmp.resolve("etc").toString())).get().asString()
                .contains("contains pobsync's remember-me secret " + tmp.resolve("etc/pobsync/secret.key"));
        assertThat(own.problem(tmp.resolve("db").toString())).get().asString()
                .contains("contains pobsync's database " + tmp.resolve("db/pobsync.sqlite3"));
        assertThat(LocalSourceGuard.of(PobsyncSettings.from(Map.of("POBSYNC_DATA_DIR", dataDir.toString())))
                .problem(tmp.resolve("etc").toString())).as("by default both are in the data dir").isEmpty();
    }
}
