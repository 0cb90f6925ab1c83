package org.pobsync.cli;

import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The part of the command tree one invocation needs. Building the whole tree makes picocli
 * reflect over every command and option, about a tenth of a second of a CLI start (picocli's
 * classes are too old a class-file version for the class-data-sharing archive of bin/pobsync),
 * and a foreground {@code pobsync backup} pays it before rsync can start. When the first
 * argument names a subcommand, the tree holds only that branch under a root with the same name
 * and standard options, so that branch parses, prints usage and fails exactly as in the whole
 * tree. Anything else ({@code --help}, {@code help}, an unknown word) gets the whole tree.
 */
final class CommandBranch {

    private CommandBranch() {
    }

    static CommandLine forArguments(CliContext context, String... args) {
        Class<?> branch = args.length == 0 ? null : subcommandNamed(args[0]);
        if (branch == null) {
            return PobsyncCommand.commandLine(context);
        }
        ContextFactory factory = new ContextFactory(context);
        CommandLine root = new CommandLine(new Trunk(), factory);
        root.addSubcommand(new CommandLine(branch, factory));
        return root;
    }

    /** The top-level subcommand class called {@code name} (or aliased so); null when none or help. */
    static Class<?> subcommandNamed(String name) {
        for (Class<?> c : PobsyncCommand.class.getAnnotation(Command.class).subcommands()) {
            Command command = c.getAnnotation(Command.class);
            // help lists or describes its siblings: it needs the whole tree.
            if (command == null || CommandLine.HelpCommand.class.isAssignableFrom(c)) {
                continue;
            }
            if (command.name().equals(name) || Arrays.asList(command.aliases()).contains(name)) {
                return c;
            }
        }
        return null;
    }

    /**
     * The canonical name of the maintenance command that {@code name} meant, for a word given at
     * the top level: the reference's top-level {@code configure-host} or {@code schedule} now live
     * under {@code manage}. Null when it names none.
     */
    static String manageCommandNamed(String name) {
        String wanted = "schedule".equals(name) ? "configure-schedule" : name;
        for (Class<?> c : ManageCommand.class.getAnnotation(Command.class).subcommands()) {
            Command command = c.getAnnotation(Command.class);
            if (command != null && !CommandLine.HelpCommand.class.isAssignableFrom(c)
                    && (command.name().equals(wanted) || Arrays.asList(command.aliases()).contains(wanted))) {
                return command.name();
            }
        }
        return null;
    }

    /** The root of a branch: {@link PobsyncCommand} without its subcommands. */
    @Command(name = "pobsync", mixinStandardHelpOptions = true, versionProvider = PobsyncCommand.Version.class)
    static final class Trunk implements Runnable {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (see pobsync --help)");
        }
    }
}
