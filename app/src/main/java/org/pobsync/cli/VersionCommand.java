package org.pobsync.cli;

import java.util.concurrent.Callable;
import org.pobsync.settings.PobsyncVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "version", mixinStandardHelpOptions = true, description = "Print the pobsync version.")
final class VersionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println("pobsync " + PobsyncVersion.get());
        return ExitCodes.OK;
    }
}
