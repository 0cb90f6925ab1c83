package org.pobsync.cli;

import java.io.PrintWriter;
import org.pobsync.db.DatabaseFaults;
import org.pobsync.format.Human;
import picocli.CommandLine;

/**
 * The one place that maps outcomes and exceptions to exit codes (SPEC section 8):
 * 0 success, 1 failure, 2 usage error, 3 completed with warnings.
 */
public final class ExitCodes {

    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;
    public static final int WARNING = 3;

    private ExitCodes() {
    }

    static int handleParameterException(CommandLine.ParameterException ex, String[] args) {
        PrintWriter err = ex.getCommandLine().getErr();
        err.println("pobsync: " + ex.getMessage());
        err.flush();
        return USAGE;
    }

    static int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        if (ex instanceof UsageError || ex instanceof org.pobsync.validation.InvalidInputException) {
            err.println("pobsync: " + Human.firstLine(ex.getMessage()));
            err.flush();
            return USAGE;
        }
        // In words: a database that is locked, unreachable or damaged says so, and no Java class name.
        String message = DatabaseFaults.describe(ex);
        if (message.equals(DatabaseFaults.UNEXPECTED) && System.getenv("POBSYNC_DEBUG") == null) {
            message += "; POBSYNC_DEBUG=1 prints the details";
        }
        err.println("pobsync: error: " + Human.firstLine(message));
        if (System.getenv("POBSYNC_DEBUG") != null) {
            ex.printStackTrace(err);
        }
        err.flush();
        return FAILURE;
    }

}
