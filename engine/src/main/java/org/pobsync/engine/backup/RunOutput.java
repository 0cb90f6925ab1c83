package org.pobsync.engine.backup;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;
import org.pobsync.engine.BackupListener;
import org.pobsync.engine.Progress;
import org.pobsync.engine.TransferStats;
import org.pobsync.engine.process.OutputLine;
import org.pobsync.engine.rsync.RsyncProgressParser;
import org.pobsync.engine.rsync.RsyncProgressParser.FileCounters;
import org.pobsync.engine.rsync.RsyncStatsParser;
import org.pobsync.engine.rsync.TransferErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where rsync's output goes during one run: every line to the run log file and to the
 * listener; progress updates only into the latest {@link Progress}; and a few bounded
 * collections for the run row and the error summary. Nothing here grows with the amount rsync
 * prints: the tail, the error lines and the line length are all capped.
 *
 * <p>{@link #accept} is called from the process's drain threads (one at a time), the getters
 * from the run thread, hence the synchronization. The listener is called outside the lock.
 */
final class RunOutput implements AutoCloseable {

    static final int TAIL_LINES = 100;
    static final int TAIL_LINE_CHARS = 500;
    static final int ERROR_LINES = 60;
    static final int ERROR_LINE_CHARS = 2000;
    /** Progress goes into the log at this pace, so a long run shows it was moving. */
    private static final long PROGRESS_LOG_NANOS = 60_000_000_000L;
    private static final Pattern MISSING_SOURCE = Pattern.compile("^rsync: \\[sender\\] (link_stat|change_dir) .*No such file");

    private static final Logger log = LoggerFactory.getLogger(RunOutput.class);

    private final BackupListener listener;
    private final int keptMissingLines;
    private final Deque<String> tail = new ArrayDeque<>();
    private final Deque<String> errorLines = new ArrayDeque<>();
    private final List<String> missingSourceLines = new ArrayList<>();
    private final RsyncStatsParser stats = new RsyncStatsParser();
    private final TransferErrors fileErrors = new TransferErrors();
    private BufferedWriter logWriter;
    private Progress progress = Progress.NONE;
    /** Grows with every line of real output and every progress update that moved the byte count. */
    private long activity;
    /** The byte count of the latest update, as printed (compared as text, never parsed). */
    private String latestBytes = "";
    /** The latest update, and the latest one that ended a file (only those carry the file counters). */
    private String latestUpdate;
    private String latestFileEnd;
    private long lastProgressLogged = System.nanoTime();
    private final long startedNanos = System.nanoTime();

    RunOutput(Path logFile, BackupListener listener, int sourcePathCount) {
        this.listener = listener;
        this.keptMissingLines = sourcePathCount;
        if (logFile != null) {
            try {
                Path parent = logFile.toAbsolutePath().getParent();
                Files.createDirectories(parent);
                logWriter = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                log.warn("cannot write the run log {}: {}", logFile, e.toString());
                note("cannot write the run log " + logFile + ": " + e.getMessage());
            }
        }
    }

    /** A line of rsync output. */
    void accept(OutputLine line) {
        String kept = keep(line);
        if (kept != null) {
            // Outside the lock: a slow listener must not hold up ticks and cancel polls.
            listener.logLine(kept);
        }
    }

    /** A line of pobsync's own, marked so it cannot be mistaken for rsync output. */
    void note(String message) {
        String text = "pobsync: " + message;
        synchronized (this) {
            record(text);
        }
        listener.logLine(text);
    }

    /** Files the line where it belongs; returns it when it goes to the listener too. */
    private synchronized String keep(OutputLine line) {
        String text = line.text();
        // Progress updates usually end in \r, but the last one of a file ends in \n: recognise
        // them by shape. Anything else, however it ended, is real output and is kept. rsync
        // prints one per file; only the latest is ever shown, so it is parsed when asked for.
        if (RsyncProgressParser.isProgressLine(text)) {
            String bytes = firstField(text);
            if (!bytes.equals(latestBytes)) {
                latestBytes = bytes;
                activity++;
            }
            updateProgress(text);
            return null;
        }
        if (text.isBlank()) {
            return null;
        }
        activity++;
        stats.accept(text);
        if (line.isStderr()) {
            keepErrorLine(text);
        }
        record(text);
        return text;
    }

    private void record(String text) {
        writeLog(text);
        tail.addLast(cap(text, TAIL_LINE_CHARS));
        while (tail.size() > TAIL_LINES) {
            tail.removeFirst();
        }
    }

    private void updateProgress(String update) {
        latestUpdate = update;
        // rsync may pad the update that ends a file with a space after its counters.
        if (update.stripTrailing().endsWith(")")) {
            latestFileEnd = update;
        }
        long now = System.nanoTime();
        if (now - lastProgressLogged >= PROGRESS_LOG_NANOS) {
            lastProgressLogged = now;
            Progress p = progress();
            writeLog("pobsync: progress " + p.percent() + "%, " + p.bytesTransferred() + " bytes, "
                    + p.filesChecked() + " files checked");
        }
    }

    private void keepErrorLine(String text) {
        // The lines naming missing source paths decide whether a run failed outright, so they
        // are kept apart from the rolling window, a few per source path at most.
        if (MISSING_SOURCE.matcher(text).find() && missingSourceLines.size() < keptMissingLines) {
            missingSourceLines.add(cap(text, ERROR_LINE_CHARS));
        }
        fileErrors.accept(text);
        errorLines.addLast(cap(text, ERROR_LINE_CHARS));
        while (errorLines.size() > ERROR_LINES) {
            errorLines.removeFirst();
        }
    }

    private void writeLog(String text) {
        if (logWriter == null) {
            return;
        }
        try {
            logWriter.write(text);
            logWriter.newLine();
        } catch (IOException e) {
            log.warn("run log write failed, no further output is logged: {}", e.toString());
            closeQuietly();
        }
    }

    /** A number that grows while rsync prints something new (for the stall watchdog). */
    synchronized long activity() {
        return activity;
    }

    private static String firstField(String update) {
        String t = update.strip();
        int end = t.indexOf(' ');
        return end < 0 ? t : t.substring(0, end);
    }

    /** The latest progress, parsed from the latest update now (about once a second). */
    synchronized Progress progress() {
        if (latestUpdate != null) {
            Progress p = RsyncProgressParser.parse(latestUpdate).orElse(progress);
            FileCounters files = fileCounters();
            // Only updates that end a file carry the file counters; keep the highest count seen.
            long checked = files == null ? 0 : files.total() - files.remaining();
            progress = relativeToWork(new Progress(p.percent(), p.bytesPerSecond(), p.eta(), p.bytesTransferred(),
                    Math.max(progress.filesChecked(), checked)), files,
                    Duration.ofNanos(System.nanoTime() - startedNanos));
            latestUpdate = null;
        }
        return progress;
    }

    private FileCounters fileCounters() {
        return latestFileEnd == null ? null : RsyncProgressParser.fileCounters(latestFileEnd).orElse(null);
    }

    /**
     * The share of the work done, and the time it still needs. rsync's own percentage is of the
     * whole tree ({@code --info=progress2} divides by the size of every file in the list, sent or
     * not), so an incremental that sends 5 MB of a 100 GB tree would sit at 0 % with an ETA of
     * copying the whole tree, then jump to done. There the share of the file list rsync has
     * gone through is the truer gauge, and the time left is extrapolated from it; when rsync's
     * percentage is ahead (a full copy), it stands. Never 100 % before rsync ends.
     */
    static Progress relativeToWork(Progress rsync, FileCounters files, Duration elapsed) {
        if (files == null || files.total() <= 0) {
            return rsync;
        }
        int filesPercent = (int) Math.min(99, 100 * (files.total() - files.remaining()) / files.total());
        if (filesPercent <= rsync.percent()) {
            return rsync;
        }
        Duration eta = elapsed.multipliedBy(100 - filesPercent).dividedBy(Math.max(1, filesPercent));
        return new Progress(filesPercent, rsync.bytesPerSecond(), eta, rsync.bytesTransferred(), rsync.filesChecked());
    }

    synchronized List<String> tail() {
        return List.copyOf(tail);
    }

    /** The missing-source lines, then the last stderr lines, oldest first. */
    synchronized List<String> errorLines() {
        List<String> lines = new ArrayList<>(missingSourceLines);
        lines.addAll(errorLines);
        return lines;
    }

    /** Every file rsync said it could not transfer, counted over the whole run. */
    synchronized TransferErrors fileErrors() {
        return fileErrors.copy();
    }

    /**
     * rsync's closing figures; when it never printed them (cancelled, killed, cut off), what the
     * progress updates showed so far, so a stopped run still says what it moved.
     */
    synchronized TransferStats stats() {
        if (stats.seen()) {
            return stats.stats();
        }
        Progress p = progress();
        FileCounters files = fileCounters();
        return new TransferStats(0, files == null ? 0 : files.transferred(), p.bytesTransferred(), 0);
    }

    synchronized void flush() {
        if (logWriter != null) {
            try {
                logWriter.flush();
            } catch (IOException e) {
                log.warn("run log flush failed: {}", e.toString());
                closeQuietly();
            }
        }
    }

    @Override
    public synchronized void close() {
        flush();
        closeQuietly();
    }

    private void closeQuietly() {
        if (logWriter != null) {
            try {
                logWriter.close();
            } catch (IOException ignored) {
                // Already reported by the failing write or flush.
            }
            logWriter = null;
        }
    }

    private static String cap(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "...";
    }
}
