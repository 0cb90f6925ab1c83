package org.pobsync.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.pobsync.format.Human;
import org.pobsync.snapshots.SnapshotRepository.Added;

/**
 * The host page's small chart of disk use: for each snapshot still on disk, oldest first, what
 * the snapshots up to it hold together (the running sum of what each added, docs/design.md
 * "Disk use"). Rendered as an SVG polyline by the template: no script, no inline style.
 *
 * @param points the polyline's {@code points}, in a {@link #WIDTH} × {@link #HEIGHT} box
 * @param bars   one bar per snapshot for what it added, with its title
 * @param total  the last point: the host's disk use
 */
public record DiskUseChart(String points, List<Bar> bars, long total) {

    public static final int WIDTH = 600;
    public static final int HEIGHT = 120;
    /** Snapshots shown: the newest ones, so a long history stays readable. */
    static final int MAX_POINTS = 120;

    /** The SVG's viewBox: the plot box with a little room for the line's stroke. */
    public String viewBox() {
        return "0 -4 " + WIDTH + " " + (HEIGHT + 8);
    }

    public record Bar(double x, double y, double width, double height, String title) {
    }

    /** Null when there is nothing to draw (no measured snapshot). */
    static DiskUseChart of(List<Added> oldestFirst) {
        long running = 0;
        List<Long> sums = new ArrayList<>();
        for (Added a : oldestFirst) {
            running += a.addedBytes() == null ? 0 : a.addedBytes();
            sums.add(running);
        }
        int from = Math.max(0, oldestFirst.size() - MAX_POINTS);
        List<Added> shown = oldestFirst.subList(from, oldestFirst.size());
        if (shown.isEmpty() || running == 0) {
            return null;
        }
        double step = shown.size() == 1 ? 0 : (double) WIDTH / (shown.size() - 1);
        double barWidth = Math.max(1, Math.min(12, (double) WIDTH / shown.size() - 1));
        StringBuilder points = new StringBuilder();
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < shown.size(); i++) {
            double x = shown.size() == 1 ? WIDTH / 2.0 : i * step;
            double y = HEIGHT - (double) sums.get(from + i) / running * HEIGHT;
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            Added a = shown.get(i);
            long added = a.addedBytes() == null ? 0 : a.addedBytes();
            double h = (double) added / running * HEIGHT;
            bars.add(new Bar(Math.max(0, Math.min(WIDTH - barWidth, x - barWidth / 2)), HEIGHT - h, barWidth, h,
                    a.name() + ": added " + Human.bytes(a.addedBytes()) + ", " + Human.bytes(sums.get(from + i))
                            + " with the snapshots before it"));
        }
        return new DiskUseChart(points.toString().strip(), bars, running);
    }
}
