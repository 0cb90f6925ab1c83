package org.pobsync.engine.process;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A program to start: its argument list, the exact environment it gets (nothing is inherited
 * beyond what is listed here) and its working directory. There is no shell anywhere: argv[0] is
 * the program and every other element reaches it as one argument, whatever characters it holds.
 *
 * @param workingDirectory null for the current directory of this process
 */
public record ProcessCommand(List<String> argv, Map<String, String> environment, Path workingDirectory) {

    public ProcessCommand {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("a command needs at least the program");
        }
        environment = Map.copyOf(new LinkedHashMap<>(Objects.requireNonNull(environment, "environment")));
    }

    /** The command with {@link #standardEnvironment()} and the current working directory. */
    public static ProcessCommand of(List<String> argv) {
        return new ProcessCommand(argv, standardEnvironment(), null);
    }

    public static ProcessCommand of(String... argv) {
        return of(List.of(argv));
    }

    public ProcessCommand withEnvironment(Map<String, String> newEnvironment) {
        return new ProcessCommand(argv, newEnvironment, workingDirectory);
    }

    public ProcessCommand withWorkingDirectory(Path directory) {
        return new ProcessCommand(argv, environment, directory);
    }

    /**
     * PATH and HOME from this process, and a fixed UTF-8 C locale. Everything else is left out on
     * purpose: variables such as RSYNC_RSH, RSYNC_OLD_ARGS or SSH_AUTH_SOCK in the server's
     * environment would otherwise change how rsync and ssh behave behind the engine's back. The
     * C locale keeps ssh's and rsync's messages in the English the error summary recognises;
     * UTF-8 keeps non-ASCII file names readable in the run log.
     */
    public static Map<String, String> standardEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        String home = System.getenv("HOME");
        if (home != null) {
            env.put("HOME", home);
        }
        env.put("LANG", "C.UTF-8");
        env.put("LC_ALL", "C.UTF-8");
        return env;
    }

    /** The program name, for messages. */
    public String program() {
        return argv.get(0);
    }

    /**
     * The argument list as a shell-style line for people to read (logs, "print the command"
     * modes): words with anything beyond plain characters are single-quoted. Display only; pobsync
     * itself never hands this to a shell.
     */
    public static String display(List<String> argv) {
        StringBuilder sb = new StringBuilder();
        for (String word : argv) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            if (!word.isEmpty() && word.chars().allMatch(c -> c < 0x80 && (Character.isLetterOrDigit(c) || "_./=:@%+,-".indexOf(c) >= 0))) {
                sb.append(word);
            } else {
                sb.append('\'').append(word.replace("'", "'\\''")).append('\'');
            }
        }
        return sb.toString();
    }
}
