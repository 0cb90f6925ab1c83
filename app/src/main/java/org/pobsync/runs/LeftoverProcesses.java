package org.pobsync.runs;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Ends an rsync (and its ssh child) that a lost run left behind on this machine. */
final class LeftoverProcesses {

    private static final Duration GRACE = Duration.ofSeconds(5);

    private LeftoverProcesses() {
    }

    static void endRsync(long pid) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return;
        }
        ProcessHandle p = handle.get();
        // Never signal an unrelated process that reused the pid.
        String command = p.info().command().orElse("");
        if (!command.endsWith("rsync")) {
            return;
        }
        List<ProcessHandle> family = new java.util.ArrayList<>(p.descendants().toList());
        family.add(0, p);
        family.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + GRACE.toNanos();
        while (System.nanoTime() < deadline && family.stream().anyMatch(ProcessHandle::isAlive)) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        family.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
