package org.pobsync.engine.io;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** {@code AtomicFile.write(args[0], args[1])} in a process of its own, for {@link AtomicFileTest} to trace. */
public final class AtomicWriteMain {

    private AtomicWriteMain() {
    }

    public static void main(String[] args) throws Exception {
        AtomicFile.write(Path.of(args[0]), args[1], PosixFilePermissions.fromString("rw-------"));
    }
}
