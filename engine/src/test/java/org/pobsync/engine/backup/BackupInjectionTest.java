package org.pobsync.engine.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pobsync.engine.BackupResult;
import org.pobsync.engine.RunOutcome;
import org.pobsync.engine.Transport;
import org.pobsync.testsupport.LoopbackSshd;
import org.pobsync.testsupport.TestTree;

/**
 * Source paths and excludes full of shell syntax are file names and patterns, nothing more: they
 * arrive (or are excluded) literally, and no command in them ever runs, on either side.
 */
class BackupInjectionTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Transport.class)
    void shellSyntaxInPathsAndExcludesIsNeverExecuted(Transport transport) throws IOException {
        BackupFixture fixture = new BackupFixture(tmp);
        Path markers = Files.createDirectories(tmp.resolve("markers"));
        List<String> dirNames = List.of(
                "a b; touch " + markers.resolve("m1") + ";",
                "$(touch " + markers.resolve("m2") + ")",
                "`touch " + markers.resolve("m3") + "`",
                "-rf --rsh=touch " + markers.resolve("m4"),
                "it's \"quoted\" & | > <");
        List<String> excludes = List.of(
                "$(touch " + markers.resolve("m5") + ")",
                "`touch " + markers.resolve("m6") + "`",
                "-x; touch " + markers.resolve("m7"),
                "skip;me $(x)");
        TestTree tree = TestTree.tree();
        for (int i = 0; i < dirNames.size(); i++) {
            tree.file("src/" + dirNames.get(i) + "/file", "content " + i + "\n");
        }
        tree.file("src/" + dirNames.get(0) + "/skip;me $(x)", "must be excluded\n");
        tree.create(tmp);

        List<String> paths = new ArrayList<>();
        for (String name : dirNames) {
            paths.add(tmp.resolve("src").resolve(name).toString());
        }
        String[] pathArray = paths.toArray(new String[0]);
        BackupFixture.Request request = transport == Transport.SSH
                ? fixture.ssh(LoopbackSshd.shared(), pathArray) : fixture.local(pathArray);
        BackupResult result = request.excludes(excludes.toArray(new String[0])).run();

        assertThat(result.outcome()).as(result.errorSummary()).isEqualTo(RunOutcome.SUCCEEDED);
        for (int i = 0; i < dirNames.size(); i++) {
            Path copy = BackupFixture.inSnapshot(result, tmp.resolve("src").resolve(dirNames.get(i)).resolve("file"));
            assertThat(copy).hasContent("content " + i);
        }
        assertThat(BackupFixture.inSnapshot(result, tmp.resolve("src").resolve(dirNames.get(0)).resolve("skip;me $(x)")))
                .doesNotExist();
        try (Stream<Path> created = Files.list(markers)) {
            assertThat(created).as("commands ran").isEmpty();
        }
    }
}
