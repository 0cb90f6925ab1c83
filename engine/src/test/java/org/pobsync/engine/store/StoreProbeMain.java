package org.pobsync.engine.store;

import java.nio.file.Path;
import org.pobsync.engine.StoreSetting;
import org.pobsync.engine.btrfs.Btrfs;

/** Asks the probe in a child JVM, so a test can ask it as the unprivileged worker. */
public final class StoreProbeMain {

    private StoreProbeMain() {
    }

    public static void main(String[] args) {
        StoreChoice c = new StoreProbe(new Btrfs()).choose(Path.of(args[0]), StoreSetting.valueOf(args[1]));
        System.out.println("choice: " + c.describe());
    }
}
