package org.pobsync.engine.rsync;

import java.util.List;
import org.pobsync.engine.RestoreRequest;
import org.pobsync.engine.Transport;
import org.pobsync.engine.ssh.SshFailure;

/** How a restore's rsync ended, in words an operator understands (the restore's {@link ErrorSummary}). */
public final class RestoreSummary {

    private RestoreSummary() {
    }

    /** Null for exit 0; for 23 and 24 what was not restored; otherwise why the restore failed. */
    public static String describe(int exitCode, List<String> errorLines, TransferErrors fileErrors,
                                  RestoreRequest request) {
        if (exitCode == RsyncExitCode.OK) {
            return null;
        }
        String ssh = request.transport() == Transport.SSH
                ? SshFailure.recognize(errorLines, SshFailure.Context.of(request.ssh(), request.timeout()))
                        .map(SshFailure::message).orElse(null)
                : null;
        if (ssh != null) {
            return ssh;
        }
        String last = ErrorSummary.lastErrorLine(errorLines);
        if (exitCode == RsyncExitCode.PARTIAL_TRANSFER || exitCode == RsyncExitCode.VANISHED_SOURCE_FILES) {
            return "some files were not restored: " + (fileErrors.isEmpty() ? last : fileErrors.summary());
        }
        if (exitCode == RsyncExitCode.TIMEOUT) {
            return stalled(request);
        }
        return "rsync failed: " + RsyncExitCode.meaning(exitCode) + " (exit " + exitCode + ")"
                + (last.isEmpty() ? "" : ": " + last);
    }

    /** Why a restore stopped because the target sent nothing for its I/O timeout. */
    public static String stalled(RestoreRequest request) {
        if (request.transport() == Transport.SSH) {
            return SshFailure.stoppedResponding(request.timeout(), null).message();
        }
        return "the transfer stalled (no data for " + RsyncCommand.seconds(request.timeout()) + " s)";
    }
}
