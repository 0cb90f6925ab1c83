package org.pobsync.engine.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.engine.HostBusyException;
import org.pobsync.testsupport.HostLockHolder;

class HostLockTest {

    @TempDir
    Path tmp;

    @Test
    void aSecondAcquireInTheSameJvmFailsFastAndTheFirstLockSurvivesIt() throws Exception {
        Path file = tmp.resolve(".lock");
        try (HostLock first = HostLock.acquire(file, "web1")) {
            assertThatThrownBy(() -> HostLock.acquire(file, "web1"))
                    .isInstanceOf(HostBusyException.class)
                    .hasMessage("host busy: another backup or prune of web1 is running");
            // The failed attempt must not have released the OS lock: another process still sees it held.
            assertThatThrownBy(() -> HostLockHolder.start(file, "web1").close())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("host busy");
        }
        HostLock.acquire(file, "web1").close();
    }

    @Test
    void exactlyOneOfManyThreadsGetsTheLock() throws Exception {
        Path file = tmp.resolve(".lock");
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<Boolean> attempt = () -> {
                    start.await();
                    try (HostLock lock = HostLock.acquire(file, "web1")) {
                        release.await(10, TimeUnit.SECONDS);
                        return true;
                    } catch (HostBusyException busy) {
                        return false;
                    }
                };
                results.add(pool.submit(attempt));
            }
            start.countDown();
            // The losers return at once; then let the winner go.
            long losers = 0;
            for (Future<Boolean> r : results) {
                if (r.isDone() || waitBriefly(r)) {
                    losers += r.get() ? 0 : 1;
                }
            }
            release.countDown();
            long winners = 0;
            for (Future<Boolean> r : results) {
                winners += r.get(10, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
            assertThat(losers).isEqualTo(threads - 1);
        } finally {
            pool.shutdownNow();
        }
    }

    private static boolean waitBriefly(Future<Boolean> f) {
        try {
            f.get(2, TimeUnit.SECONDS);
            return true;
        } catch (Exception timeout) {
            return false;
        }
    }

    @Test
    void aLockHeldByAnotherProcessMakesTheHostBusyUntilThatProcessEnds() throws Exception {
        Path file = tmp.resolve(".lock");
        try (HostLockHolder holder = HostLockHolder.start(file, "web1")) {
            assertThatThrownBy(() -> HostLock.acquire(file, "web1")).isInstanceOf(HostBusyException.class);
            assertThat(Files.readString(file)).startsWith("pid " + holder.pid());
        }
        try (HostLock lock = HostLock.acquire(file, "web1")) {
            assertThat(Files.readString(file)).startsWith("pid " + ProcessHandle.current().pid());
        }
    }

    @Test
    void closingTwiceIsHarmlessEvenToTheNextHolder() throws Exception {
        Path file = tmp.resolve(".lock");
        HostLock first = HostLock.acquire(file, "web1");
        first.close();
        try (HostLock next = HostLock.acquire(file, "web1")) {
            // A second close of the old lock must neither throw nor release what `next` holds:
            // not its place in this JVM, and not (by closing a channel) the OS lock.
            first.close();
            assertThatThrownBy(() -> HostLock.acquire(file, "web1")).isInstanceOf(HostBusyException.class);
            assertThatThrownBy(() -> HostLockHolder.start(file, "web1").close())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("host busy");
        }
        HostLock.acquire(file, "web1").close();
    }
}
