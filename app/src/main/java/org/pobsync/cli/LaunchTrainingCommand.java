package org.pobsync.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The jar's training mode, for {@code bin/pobsync --prepare-launch-cache} (run by
 * {@code mvn package}, the installer and the image build, never by a user's command): in one
 * JVM, the commands operators run most - help, a local backup, a second (incremental) one, runs,
 * status, a retention plan, discovery - against a throw-away data dir and backup root inside DIR,
 * so that the JVM can record the classes they load into a class-data-sharing archive at exit.
 * The commands get an explicit environment naming only DIR: the real data dir and database are
 * never touched, whatever the process environment says. A command that fails (no rsync on a
 * build machine) is reported and the rest still run: a smaller archive is still worth having.
 */
@Command(name = "launch-training", hidden = true, mixinStandardHelpOptions = true,
        description = {"Run the usual commands against a throw-away data dir in DIR, so that the JVM can record",
                "a class-data-sharing archive of what they load (bin/pobsync --prepare-launch-cache)."})
final class LaunchTrainingCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "DIR", description = "An empty or missing directory for the throw-away data.")
    Path dir;

    LaunchTrainingCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Path root = dir.toAbsolutePath().normalize();
        if (Files.exists(root) && !isEmptyDirectory(root)) {
            throw new UsageError("launch-training needs an empty or missing directory: " + root);
        }
        Path source = root.resolve("src/etc");
        try {
            Files.createDirectories(source);
            Files.createDirectories(root.resolve("backups"));
            Files.writeString(source.resolve("hosts"), "127.0.0.1 localhost\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + root + ": " + e.getMessage(), e);
        }
        Map<String, String> env = Map.of("POBSYNC_DATA_DIR", root.resolve("var").toString(),
                "POBSYNC_BACKUP_ROOT", root.resolve("backups").toString());
        List<List<String>> commands = List.of(
                List.of("--help"),
                List.of("version"),
                List.of("manage", "configure-host", "train", "--transport", "local", "--path", source.toString()),
                List.of("backup", "train", "-q"),
                List.of("backup", "train", "-q"),
                List.of("runs", "--limit", "1"),
                List.of("runs", "--json"),
                List.of("status"),
                List.of("retention", "train"),
                List.of("discover-snapshots"));
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        for (List<String> args : commands) {
            int code = PobsyncCommand.run(env, ctx.clock(), discard, discard, args.toArray(String[]::new));
            if (code != ExitCodes.OK) {
                ctx.err().println("pobsync: launch training: 'pobsync " + String.join(" ", args) + "' exited " + code);
            }
        }
        return ExitCodes.OK;
    }

    private static boolean isEmptyDirectory(Path path) {
        if (!Files.isDirectory(path)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(path)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }
}
