package org.pobsync.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a test's helper {@code main} in a child JVM as {@code nobody} with chosen capabilities,
 * the way the production worker runs (the pobsync user with the five capabilities of
 * pobsync-worker.service): root ignores most of what these tests are about. Needs root and
 * setpriv; skipped otherwise. Jars of the class path are copied into {@code work} first, because
 * the Maven repository may not be readable by nobody.
 */
public final class AsUser {

    /** The worker unit's AmbientCapabilities, as setpriv spells them. */
    public static final String WORKER_CAPABILITIES = "+chown,+fowner,+fsetid,+dac_override,+dac_read_search";

    private AsUser() {
    }

    /** @param capabilities setpriv's list ("+chown,..."), or "" for none */
    public static Commands.Result java(Path work, String capabilities, Class<?> mainClass, String... args) {
        Assumptions.assumeTrue(TestEnvironment.isRoot(), "running a child JVM as another user needs root");
        Path setpriv = TestEnvironment.requireBinary("setpriv");
        DiskFixtures.mode(work, "rwxr-xr-x");
        List<String> argv = new ArrayList<>(List.of(setpriv.toString(), "--reuid=nobody", "--regid=nogroup",
                "--clear-groups"));
        if (!capabilities.isEmpty()) {
            argv.add("--inh-caps=" + capabilities);
            argv.add("--ambient-caps=" + capabilities);
        }
        argv.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", readableClassPath(work), mainClass.getName()));
        argv.addAll(List.of(args));
        return Commands.run(work, argv);
    }

    private static String readableClassPath(Path work) {
        try {
            Path jars = Files.createDirectories(work.resolve("classpath-for-nobody"));
            Files.setPosixFilePermissions(jars, TestTree.permissions(0755));
            List<String> entries = new ArrayList<>();
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path p = Path.of(entry);
                if (Files.isRegularFile(p)) {
                    Path copy = jars.resolve(entries.size() + "-" + p.getFileName());
                    Files.copy(p, copy, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(copy, TestTree.permissions(0644));
                    entries.add(copy.toString());
                } else {
                    entries.add(entry);
                }
            }
            return String.join(File.pathSeparator, entries);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
