package org.pobsync.engine.rsync;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.pobsync.engine.process.CommandOutput;
import org.pobsync.engine.process.ProcessCommand;
import org.pobsync.engine.process.ProcessRunner;

/**
 * Output captured from the real rsync 3.x (and OpenSSH) under src/test/resources/rsync-output,
 * with the same options and locale pobsync uses.
 */
public final class CapturedOutput {

    private CapturedOutput() {
    }

    /**
     * The lines as pobsync's process runner delivers them (it is fed the file through cat), so
     * line-ending quirks of the real programs (ssh's \r\n, rsync's \r) are part of the test.
     */
    public static List<String> lines(String name) {
        try {
            Path file = Path.of(CapturedOutput.class.getResource("/rsync-output/" + name).toURI());
            CommandOutput out = new ProcessRunner().run(ProcessCommand.of("cat", file.toString()), Duration.ofSeconds(10));
            return out.stdout();
        } catch (URISyntaxException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
