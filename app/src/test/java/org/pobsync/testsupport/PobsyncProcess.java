package org.pobsync.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts {@code pobsync} as a separate JVM from the test class path (the same code as the jar),
 * with an explicit environment. Output goes to files so a test can read it after the fact.
 */
public final class PobsyncProcess {

    private PobsyncProcess() {
    }

    public static Process start(Map<String, String> env, Path outputDir, String name, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        argv.add("-XX:TieredStopAtLevel=1");
        argv.add("-cp");
        argv.add(System.getProperty("java.class.path"));
        argv.add("org.pobsync.Pobsync");
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().keySet().removeIf(k -> k.startsWith("POBSYNC_"));
        pb.environment().putAll(env);
        try {
            Files.createDirectories(outputDir);
            pb.redirectOutput(outputDir.resolve(name + ".out").toFile());
            pb.redirectError(outputDir.resolve(name + ".err").toFile());
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String output(Path outputDir, String name) {
        try {
            return Files.readString(outputDir.resolve(name + ".out")) + Files.readString(outputDir.resolve(name + ".err"));
        } catch (IOException e) {
            return "";
        }
    }
}
