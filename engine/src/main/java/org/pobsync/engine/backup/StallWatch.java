package org.pobsync.engine.backup;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.pobsync.engine.BackupRequest;
import org.pobsync.engine.RestoreRequest;
import org.pobsync.engine.Transport;
import org.pobsync.engine.process.ProcessIo;
import org.pobsync.engine.process.RunningProcess;

/**
 * Decides that a transfer stalled: its activity marker has not moved for longer than the limit
 * (the host's I/O timeout). The marker is anything that only grows while rsync makes progress
 * ({@link #rsyncActivity}); an unknown marker counts as progress, so a watch that cannot see
 * never ends a transfer.
 *
 * <p>Until rsync prints its first line the connection is still being set up, which ssh bounds by
 * its own connect timeout; that time is allowed on top of the limit, so a slow login on a busy
 * server is not taken for a frozen host (measured: 6 s for a login at a load of 26 on 2 cores).
 *
 * <p>Measured on the monotonic clock, not the engine's {@link java.time.Clock}: this is the
 * silence of a real process, and a wall-clock jump must not end a healthy backup.
 */
final class StallWatch {

    private final long limitNanos;
    private final long setupNanos;
    private final LongSupplier nanoTime;
    private final Supplier<OptionalLong> marker;
    private final BooleanSupplier started;
    private long lastMarker = Long.MIN_VALUE;
    private long lastMove;

    /**
     * @param limit   the longest silence allowed once the transfer runs
     * @param setup   allowed on top until {@code started} says the transfer runs
     * @param marker  grows while the transfer makes progress; empty when that cannot be seen
     */
    StallWatch(Duration limit, Duration setup, LongSupplier nanoTime, Supplier<OptionalLong> marker,
               BooleanSupplier started) {
        this.limitNanos = limit.toNanos();
        this.setupNanos = setup.toNanos();
        this.nanoTime = nanoTime;
        this.marker = marker;
        this.started = started;
        this.lastMove = nanoTime.getAsLong();
    }

    /** The watch of one rsync run: its read counters and output, the ssh connect timeout as setup time. */
    static StallWatch of(BackupRequest request, RunningProcess rsync, RunOutput output) {
        Duration setup = request.transport() == Transport.SSH ? request.ssh().connectTimeout() : Duration.ZERO;
        return new StallWatch(request.timeout(), setup, System::nanoTime, () -> rsyncActivity(rsync, output),
                () -> output.activity() > 0);
    }

    /** The watch of one restore's rsync: the target's I/O timeout, its ssh connect timeout as setup time. */
    static StallWatch of(RestoreRequest request, RunningProcess rsync, RunOutput output) {
        Duration setup = request.transport() == Transport.SSH ? request.ssh().connectTimeout() : Duration.ZERO;
        return new StallWatch(request.timeout(), setup, System::nanoTime, () -> rsyncActivity(rsync, output),
                () -> output.activity() > 0);
    }

    /**
     * rsync's marker: bytes read by rsync's own processes plus what rsync printed. Either moves
     * while a transfer makes progress, even a silent one (rsync reading a large local file to
     * compare, or receiving the file list of a big tree). Neither moves when the host is frozen:
     * measured with rsync 3.5.0, only rsync's writes (its keep-alives towards the frozen side) and
     * ssh's reads (the keep-alive answers of a live sshd above a frozen rsync) still grow, so both
     * are left out. Empty, and so never a stall, when the kernel does not report read counters.
     */
    static OptionalLong rsyncActivity(RunningProcess rsync, RunOutput output) {
        OptionalLong read = ProcessIo.bytesRead(rsync.handle());
        return read.isPresent() ? OptionalLong.of(read.getAsLong() + output.activity()) : OptionalLong.empty();
    }

    /** Looks at the marker now; true once it has stood still for longer than the limit. */
    boolean stalled() {
        OptionalLong marker = this.marker.get();
        long now = nanoTime.getAsLong();
        if (marker.isEmpty() || marker.getAsLong() != lastMarker) {
            lastMarker = marker.isEmpty() ? Long.MIN_VALUE : marker.getAsLong();
            lastMove = now;
            return false;
        }
        return now - lastMove > (started.getAsBoolean() ? limitNanos : limitNanos + setupNanos);
    }
}
