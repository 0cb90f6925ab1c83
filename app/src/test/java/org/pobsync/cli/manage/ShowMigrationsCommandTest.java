package org.pobsync.cli.manage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.testsupport.Cli;
import org.pobsync.testsupport.TestDatabase;

/** {@code manage show-migrations}, also as the reference's {@code django showmigrations pobsync_backend}. */
class ShowMigrationsCommandTest {

    @TempDir
    Path dir;

    @Test
    void theReferencesAppLabelIsAccepted() {
        Cli cli = new Cli(TestDatabase.SQLITE.env(dir.resolve("var")));
        Cli.Result plain = cli.run("manage", "migrate");
        assertThat(plain.exitCode()).as(plain.toString()).isZero();

        Cli.Result labelled = cli.run("django", "showmigrations", "pobsync_backend");
        assertThat(labelled.exitCode()).as(labelled.toString()).isZero();
        assertThat(labelled.out()).contains(" [X] 1  schema").isEqualTo(cli.run("manage", "show-migrations").out());
    }

    @Test
    void anotherAppLabelIsAUsageError() {
        Cli.Result r = new Cli(TestDatabase.SQLITE.env(dir.resolve("var"))).run("django", "showmigrations", "auth");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("no app 'auth'", "pobsync_backend");
    }
}
