package org.pobsync.engine.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Ends a process together with everything it started. rsync over ssh is two processes (rsync
 * and its ssh child) and with {@code use_sudo} the remote side is more; ending only rsync would
 * leave ssh holding the connection, so the whole tree gets the signal.
 */
public final class ProcessTree {

    private static final long POLL_MILLIS = 50;
    private static final Path PROC_SELF = Path.of("/proc/self");

    private ProcessTree() {
    }

    /**
     * Sends SIGTERM to {@code root} and all its descendants, waits up to {@code grace} for them to
     * go, then sends SIGKILL to whatever is left. Descendants are collected before any signal is
     * sent: once a parent dies its children are re-parented and can no longer be found from it.
     *
     * @return true when every process of the tree is gone
     */
    public static boolean terminate(ProcessHandle root, Duration grace) {
        // An interrupt must not cut the cleanup short and leave ssh running: finish, then restore it.
        boolean interrupted = Thread.interrupted();
        try {
            List<ProcessHandle> tree = collect(root);
            tree.forEach(ProcessHandle::destroy);
            waitUntilGone(tree, grace, true);
            addNewDescendants(tree);
            for (ProcessHandle p : tree) {
                if (isRunning(p)) {
                    p.destroyForcibly();
                }
            }
            waitUntilGone(tree, Duration.ofSeconds(5), false);
            return !anyRunning(tree);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Ends the tree of a process this JVM did not start (an rsync that a lost run left behind),
     * found by pid, but only while that pid is still a running {@code program}: a pid that was
     * reused by an unrelated process is never signalled.
     *
     * @return true when no such process is running any more
     */
    public static boolean terminateIfRunning(long pid, String program, Duration grace) {
        ProcessHandle p = ProcessHandle.of(pid).orElse(null);
        if (p == null || !isRunning(p)) {
            return true;
        }
        String command = p.info().command().orElse("");
        if (!command.equals(program) && !command.endsWith("/" + program)) {
            return true;
        }
        return terminate(p, grace);
    }

    private static void waitUntilGone(List<ProcessHandle> tree, Duration limit, boolean signalNewcomers) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline && anyRunning(tree)) {
            if (signalNewcomers) {
                // Processes started meanwhile (ssh spawning a helper) must not escape.
                addNewDescendants(tree);
            }
            sleep(POLL_MILLIS);
        }
    }

    /** The process and its descendants, parents first. */
    public static List<ProcessHandle> collect(ProcessHandle root) {
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(root);
        tree.addAll(root.descendants().collect(Collectors.toList()));
        return tree;
    }

    /**
     * Alive and not a zombie. A zombie has finished running but still has a process table entry
     * until its parent reaps it; where nothing reaps orphans (a container whose PID 1 is not an
     * init) it would otherwise look alive forever.
     */
    public static boolean isRunning(ProcessHandle p) {
        if (!p.isAlive()) {
            return false;
        }
        if (!Files.isDirectory(PROC_SELF)) {
            return true;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
            // The state is the first field after the command name, which is in parentheses and
            // may itself contain spaces and parentheses.
            int close = stat.lastIndexOf(')');
            return close < 0 || close + 2 >= stat.length() || stat.charAt(close + 2) != 'Z';
        } catch (NoSuchFileException gone) {
            return false;
        } catch (IOException unreadable) {
            return p.isAlive();
        }
    }

    private static boolean anyRunning(List<ProcessHandle> tree) {
        return tree.stream().anyMatch(ProcessTree::isRunning);
    }

    private static void addNewDescendants(List<ProcessHandle> tree) {
        for (ProcessHandle p : List.copyOf(tree)) {
            if (p.isAlive()) {
                p.descendants().filter(d -> !tree.contains(d)).forEach(d -> {
                    tree.add(d);
                    d.destroy();
                });
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            // terminate() restores the flag when it is done.
        }
    }
}
