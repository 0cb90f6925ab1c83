package org.pobsync.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.pobsync.engine.discovery.DiscoveredSnapshot;
import org.pobsync.engine.discovery.SizeMode;
import org.pobsync.engine.discovery.SnapshotScanner;
import org.pobsync.engine.layout.SnapshotName;
import org.pobsync.engine.prune.SnapshotDeleter;
import org.pobsync.engine.retention.RetentionPlan;
import org.pobsync.engine.retention.RetentionPlanner;
import org.pobsync.engine.retention.RetentionPolicy;
import org.pobsync.engine.retention.SnapshotCandidate;

/**
 * The measurements behind bench/engine-retention.sh, in one JVM the way the worker runs them
 * (JVM start-up excluded, first run reported separately). The external tools it is compared
 * with (rm -rf, du -s) are run from here too, alternating with our code, so both see the same
 * machine load and caches. Each bench prints one line of key=value figures.
 */
public final class EngineRetentionBench {

    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "plan": plan(Integer.parseInt(args[1]), Integer.parseInt(args[2])); break;
            case "delete": delete(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3])); break;
            case "discover": discover(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3])); break;
            default: throw new IllegalArgumentException("unknown bench " + args[0]);
        }
    }

    /** Plans over a long random history (10-130 minutes apart, 5% incomplete). */
    private static void plan(int snapshots, int runs) {
        Random random = new Random(1);
        List<SnapshotCandidate> list = new ArrayList<>(snapshots);
        Instant t = Instant.parse("2010-01-01T00:00:00Z");
        for (int i = 0; i < snapshots; i++) {
            t = t.plusSeconds(600 + random.nextInt(7200));
            SnapshotCandidate.Status status = random.nextInt(20) == 0
                    ? SnapshotCandidate.Status.INCOMPLETE : SnapshotCandidate.Status.COMPLETE;
            list.add(new SnapshotCandidate(SnapshotName.of(t).value(), t, status));
        }
        RetentionPolicy policy = new RetentionPolicy(10, 48, 30, 12, 24, 10);
        RetentionPlanner planner = new RetentionPlanner(ZoneId.of("Europe/Berlin"));
        long[] ms = new long[runs];
        RetentionPlan plan = null;
        for (int run = 0; run < runs; run++) {
            long start = System.nanoTime();
            plan = planner.plan(list, policy, Set.of());
            ms[run] = (System.nanoTime() - start) / 1_000_000;
        }
        System.out.println("plan snapshots=" + snapshots + " first_ms=" + ms[0] + " median_ms=" + median(ms)
                + " keep=" + plan.toKeep().size() + " prune=" + plan.toPrune().size());
    }

    /** Deletes copies of one tree with SnapshotDeleter and with rm -rf, alternately. */
    private static void delete(Path work, int files, int runs) throws Exception {
        Path template = work.resolve("template");
        makeTree(template, files / 100, 100);
        Path root = Files.createDirectories(work.resolve("root"));
        Files.createDirectories(root.resolve("web1"));
        SnapshotDeleter deleter = new SnapshotDeleter(root);
        Timings ours = new Timings(runs);
        Timings rm = new Timings(runs);
        long removed = 0;
        for (int run = 0; run < runs; run++) {
            Path snapshot = root.resolve("web1").resolve(SnapshotName.of(Instant.ofEpochSecond(run * 3600L)).value());
            Path copy = work.resolve("rm-copy-" + run);
            exec("cp", "-a", template.toString(), snapshot.toString());
            exec("cp", "-a", template.toString(), copy.toString());
            if (run % 2 == 0) {
                rm.tool(run, "rm", "-rf", copy.toString());
            }
            long start = ours.start();
            removed = deleter.delete(snapshot).files();
            ours.stop(run, start);
            if (run % 2 == 1) {
                rm.tool(run, "rm", "-rf", copy.toString());
            }
        }
        System.out.println("delete files=" + removed + " " + ours.report("") + " " + rm.report("rm_")
                + " ratio=" + ratio(ours.wall, rm.wall) + " cpu_ratio=" + ratio(ours.cpu, rm.cpu));
    }

    /**
     * Ten snapshots as nightly runs make them: one tree, then cp -al copies that each replace a
     * few files and add one. Measured with sizes, against du -s over the same host directory.
     */
    private static void discover(Path work, int files, int runs) throws Exception {
        Path host = Files.createDirectories(work.resolve("root/web1"));
        List<Path> snapshots = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            snapshots.add(host.resolve(SnapshotName.of(Instant.parse("2026-11-01T02:15:00Z").plusSeconds(86400L * i)).value()));
        }
        makeTree(snapshots.get(0).resolve("data"), files / 100, 100);
        for (int i = 1; i < 10; i++) {
            exec("cp", "-al", snapshots.get(i - 1).toString(), snapshots.get(i).toString());
            Path data = snapshots.get(i).resolve("data");
            for (int k = 0; k < 5; k++) {
                int dir = (k * 37 + i) % (files / 100);
                Path changed = data.resolve("d" + dir / 100 + "/e" + dir + "/f" + i);
                Files.delete(changed); // break the link, as rsync writes a changed file anew
                Files.write(changed, new byte[100 + i]);
            }
            Files.write(data.resolve("new-" + i), new byte[1000]);
        }
        SnapshotScanner scanner = new SnapshotScanner(work.resolve("root"));
        Timings ours = new Timings(runs);
        Timings du = new Timings(runs);
        List<DiscoveredSnapshot> found = List.of();
        for (int run = 0; run < runs; run++) {
            if (run % 2 == 0) {
                du.tool(run, "du", "-s", host.toString());
            }
            long start = ours.start();
            found = scanner.scanHost("web1", SizeMode.WITH_SIZES);
            ours.stop(run, start);
            if (run % 2 == 1) {
                du.tool(run, "du", "-s", host.toString());
            }
        }
        long entries = found.stream().mapToLong(s -> s.sizes().files()).sum();
        System.out.println("discover snapshots=" + found.size() + " files=" + entries + " " + ours.report("")
                + " " + du.report("du_") + " ratio=" + ratio(ours.wall, du.wall) + " cpu_ratio=" + ratio(ours.cpu, du.cpu)
                + " unique_bytes=" + runs(found.stream().mapToLong(s -> s.sizes().uniqueBytes()).toArray()));
    }

    /**
     * Wall-clock and CPU time per run, for our code (CPU of the whole JVM, JIT and GC threads
     * included) or for an external tool (its CPU as reported by bash's times builtin).
     */
    private static final class Timings {
        final long[] wall;
        final long[] cpu;
        private long cpuAtStart;

        Timings(int runs) {
            wall = new long[runs];
            cpu = new long[runs];
        }

        long start() {
            cpuAtStart = PROCESS.getProcessCpuTime();
            return System.nanoTime();
        }

        void stop(int run, long start) {
            wall[run] = (System.nanoTime() - start) / 1_000_000;
            cpu[run] = (PROCESS.getProcessCpuTime() - cpuAtStart) / 1_000_000;
        }

        void tool(int run, String... command) throws IOException, InterruptedException {
            List<String> shell = new ArrayList<>(List.of("bash", "-c", "\"$@\" >/dev/null; s=$?; times; exit $s", "bash"));
            shell.addAll(List.of(command));
            long start = System.nanoTime();
            Process p = new ProcessBuilder(shell).redirectErrorStream(true).start();
            String[] lines = new String(p.getInputStream().readAllBytes()).trim().split("\n");
            if (p.waitFor() != 0) {
                throw new IOException("failed: " + String.join(" ", command));
            }
            wall[run] = (System.nanoTime() - start) / 1_000_000;
            String[] children = lines[lines.length - 1].trim().split(" ");
            cpu[run] = bashSeconds(children[0]) + bashSeconds(children[1]);
        }

        /** first_ms is the warm-up run; medians and the run lists leave it out. */
        String report(String prefix) {
            return prefix + "first_ms=" + wall[0] + " " + prefix + "median_ms=" + median(wall) + " "
                    + prefix + "cpu_median_ms=" + median(cpu) + " " + prefix + "all_ms=" + runs(tail(wall));
        }

        private static long bashSeconds(String text) { // "0m1.234s"
            int m = text.indexOf('m');
            return Math.round((Long.parseLong(text.substring(0, m)) * 60
                    + Double.parseDouble(text.substring(m + 1, text.length() - 1))) * 1000);
        }
    }

    private static void makeTree(Path top, int directories, int filesPerDirectory) throws IOException {
        for (int d = 0; d < directories; d++) {
            Path dir = Files.createDirectories(top.resolve("d" + d / 100).resolve("e" + d));
            for (int f = 0; f < filesPerDirectory; f++) {
                Files.write(dir.resolve("f" + f), new byte[(d * 31 + f * 13) % 300]);
            }
        }
    }

    private static void exec(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) {
            throw new IOException("failed: " + String.join(" ", command));
        }
    }

    private static long[] tail(long[] values) {
        return Arrays.copyOfRange(values, 1, values.length);
    }

    /** Median of all but the first (warm-up) value. */
    private static long median(long[] values) {
        long[] sorted = tail(values);
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Values joined without spaces, so the script can read them as one field. */
    private static String runs(long[] values) {
        return Arrays.stream(values).mapToObj(Long::toString).collect(java.util.stream.Collectors.joining("/"));
    }

    private static String ratio(long[] ours, long[] theirs) {
        return String.format(java.util.Locale.ROOT, "%.2f", (double) median(ours) / Math.max(1, median(theirs)));
    }
}
