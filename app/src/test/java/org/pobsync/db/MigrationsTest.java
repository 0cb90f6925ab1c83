package org.pobsync.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.flywaydb.core.api.MigrationInfo;
import org.pobsync.app.AppContext;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.testsupport.Cli;
import org.pobsync.testsupport.TestDatabase;

/**
 * The start-up check that skips Flyway only when Flyway would have nothing to do, and that keeps
 * Flyway's validation: an applied script that changed since stops the start.
 */
class MigrationsTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aMigratedDatabaseIsCurrentWithoutAskingFlyway(TestDatabase db) {
        try (AppContext app = AppContext.open(PobsyncSettings.from(db.env(dir)), Clock.systemUTC(), 2)) {
            Migrations migrations = new Migrations(app.database());
            assertThat(migrations.everyShippedScriptApplied()).isTrue();
            assertThat(migrations.migrateIfNeeded()).isZero();
            assertThat(migrations.pending()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aFailedOrMissingHistoryRowSendsTheCheckToFlyway(TestDatabase db) {
        try (AppContext app = AppContext.open(PobsyncSettings.from(db.env(dir)), Clock.systemUTC(), 2)) {
            Migrations migrations = new Migrations(app.database());
            var jdbc = app.database().jdbc();
            // The newest script: unlike an older one, Flyway reports it pending once its row is gone.
            int newest = jdbc.sql("SELECT MAX(installed_rank) FROM flyway_schema_history").query(Integer.class).single();
            jdbc.sql("UPDATE flyway_schema_history SET success = 0 WHERE installed_rank = ?").param(newest).update();
            assertThat(migrations.everyShippedScriptApplied()).isFalse();
            jdbc.sql("DELETE FROM flyway_schema_history WHERE installed_rank = ?").param(newest).update();
            assertThat(migrations.everyShippedScriptApplied()).isFalse();
            assertThat(migrations.pending()).isNotEmpty();
        }
    }

    @Test
    void aDatabaseWithoutHistoryIsNotCurrent() {
        PobsyncSettings settings = PobsyncSettings.from(TestDatabase.SQLITE.env(dir));
        try (Database database = Database.open(settings, 1, DatabaseCreation.ALWAYS)) {
            assertThat(new Migrations(database).everyShippedScriptApplied()).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void anAppliedScriptThatChangedStopsTheStartWithOneLine(TestDatabase db) {
        Map<String, String> env = db.env(dir);
        try (AppContext app = AppContext.open(PobsyncSettings.from(env), Clock.systemUTC(), 2)) {
            // As if V3 had been edited after this database applied it: the recorded checksum differs.
            app.database().jdbc().sql("UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '3'")
                    .update();
            assertThatThrownBy(() -> new Migrations(app.database()).migrateIfNeeded())
                    .hasMessageStartingWith("database migration V3__web_indexes.sql of this build is not the one"
                            + " applied to this database")
                    .hasMessageNotContaining("\n");
            assertThatThrownBy(() -> new Migrations(app.database()).migrate())
                    .as("manage migrate says the same, before Flyway's many lines")
                    .hasMessageStartingWith("database migration V3__web_indexes.sql");
        }
        Cli.Result status = new Cli(env).run("status");
        assertThat(status.exitCode()).as(status.toString()).isEqualTo(1);
        assertThat(status.err().lines()).as(status.toString()).singleElement().asString()
                .startsWith("pobsync: error: database migration V3__web_indexes.sql of this build is not the one")
                .contains("a released migration must never change");
    }

    @Test
    void theChecksumsAreFlywaysOwn() {
        PobsyncSettings settings = PobsyncSettings.from(TestDatabase.SQLITE.env(dir));
        try (Database database = Database.open(settings, 1, DatabaseCreation.ALWAYS)) {
            Migrations migrations = new Migrations(database);
            migrations.migrate();
            Map<String, MigrationScripts.Script> ours = MigrationScripts.scripts(getClass().getClassLoader(),
                    Migrations.LOCATION).orElseThrow();
            assertThat(migrations.all()).hasSize(ours.size());
            for (MigrationInfo flyway : migrations.all()) {
                assertThat(ours.get(flyway.getVersion().getVersion()).checksum()).as(flyway.getScript())
                        .isEqualTo(flyway.getChecksum());
            }
            Map<String, Integer> recorded = new java.util.HashMap<>();
            database.jdbc().sql("SELECT version, checksum FROM flyway_schema_history")
                    .query(rs -> {
                        recorded.put(rs.getString(1), rs.getInt(2));
                    });
            ours.values().forEach(s -> assertThat(recorded.get(s.version())).as(s.fileName()).isEqualTo(s.checksum()));
        }
    }

    @Test
    void scriptsAreListedFromADirectoryAndFromAJar() throws IOException {
        assertThat(MigrationScripts.scripts(getClass().getClassLoader(), Migrations.LOCATION)).hasValueSatisfying(
                scripts -> assertThat(scripts).containsKey("1"));
        Path jar = jar("db/migration/V1__schema.sql", "db/migration/V2_1__more.sql", "db/other/V9__elsewhere.sql");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            Map<String, MigrationScripts.Script> scripts = MigrationScripts.scripts(loader, Migrations.LOCATION)
                    .orElseThrow();
            assertThat(scripts.keySet()).isEqualTo(Set.of("1", "2.1"));
            assertThat(scripts.get("2.1").fileName()).isEqualTo("V2_1__more.sql");
        }
    }

    @Test
    void anythingButPlainVersionedScriptsSendsTheCheckToFlyway() throws IOException {
        for (String odd : new String[] {"db/migration/R__view.sql", "db/migration/afterMigrate.sql",
                "db/migration/sub/V3__nested.sql", "db/migration/U1__undo.sql"}) {
            Path jar = jar("db/migration/V1__schema.sql", odd);
            try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
                assertThat(MigrationScripts.scripts(loader, Migrations.LOCATION)).as(odd).isEmpty();
            }
        }
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            assertThat(MigrationScripts.scripts(empty, Migrations.LOCATION)).isEmpty();
        }
    }

    @Test
    void versionsCompareAsFlywayComparesThem() {
        assertThat(MigrationScripts.normalize("1")).isEqualTo("1");
        assertThat(MigrationScripts.normalize("1_1")).isEqualTo("1.1");
        assertThat(MigrationScripts.normalize("01.1.0")).isEqualTo("1.1");
        assertThat(MigrationScripts.normalize("2.0.0")).isEqualTo("2");
        assertThat(MigrationScripts.normalize("10.0.3")).isEqualTo("10.0.3");
    }

    /** A jar as Maven builds them: with an entry for every directory. */
    private Path jar(String... entries) throws IOException {
        Path jar = Files.createTempFile(dir, "migrations", ".jar");
        Set<String> directories = new java.util.TreeSet<>();
        for (String entry : entries) {
            for (int slash = entry.indexOf('/'); slash > 0; slash = entry.indexOf('/', slash + 1)) {
                directories.add(entry.substring(0, slash + 1));
            }
        }
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (String directory : directories) {
                out.putNextEntry(new JarEntry(directory));
                out.closeEntry();
            }
            for (String entry : entries) {
                out.putNextEntry(new JarEntry(entry));
                out.write("SELECT 1;".getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }
}
