package org.pobsync;

import org.pobsync.cli.PobsyncCommand;

/** The executable jar's entry point: the CLI decides whether a Spring context is needed. */
public final class Pobsync {

    private Pobsync() {
    }

    public static void main(String[] args) {
        int code = PobsyncCommand.run(System.out, System.err, args);
        if (code != PobsyncCommand.KEEP_RUNNING) {
            System.exit(code);
        }
    }
}
