package org.pobsync.engine.backup;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.pobsync.engine.BackupListener;
import org.pobsync.engine.Progress;

/** A listener that remembers what the engine told it and cancels when a condition holds. */
class RecordingListener implements BackupListener {

    final CountDownLatch startedLatch = new CountDownLatch(1);
    final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger ticks = new AtomicInteger();
    /** Every process of rsync's tree seen while it ran (rsync, ssh, ...). */
    final Set<ProcessHandle> processes = Collections.synchronizedSet(new LinkedHashSet<>());
    volatile String snapshotName;
    volatile String baseName;
    volatile List<String> command;
    volatile long pid = -1;
    volatile Progress progress = Progress.NONE;
    volatile List<String> tail = List.of();
    private volatile Predicate<RecordingListener> cancelWhen = l -> false;

    RecordingListener cancelWhen(Predicate<RecordingListener> condition) {
        this.cancelWhen = condition;
        return this;
    }

    @Override
    public void started(String snapshotName, String baseSnapshotName, List<String> command, long pid) {
        this.snapshotName = snapshotName;
        this.baseName = baseSnapshotName;
        this.command = command;
        this.pid = pid;
        recordProcessTree();
        startedLatch.countDown();
    }

    @Override
    public void logLine(String line) {
        lines.add(line);
    }

    @Override
    public void tick(Progress progress, List<String> logTail) {
        this.progress = progress;
        this.tail = logTail;
        ticks.incrementAndGet();
        recordProcessTree();
    }

    @Override
    public boolean cancelRequested() {
        return cancelWhen.test(this);
    }

    private void recordProcessTree() {
        ProcessHandle.of(pid).ifPresent(p -> {
            processes.add(p);
            processes.addAll(p.descendants().collect(Collectors.toList()));
        });
    }

    List<String> linesSnapshot() {
        synchronized (lines) {
            return new ArrayList<>(lines);
        }
    }
}
