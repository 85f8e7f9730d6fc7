package dev.ltocheck.parallel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class WorkersTest {
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 8})
    void everyIndexIsVisitedExactlyOnce(int threads) {
        try (Workers workers = new Workers(threads, Thread::new)) {
            for (int count : new int[]{0, 1, 2, 7, 500}) {
                AtomicIntegerArray visits = new AtomicIntegerArray(count);
                workers.forEachIndex(count, visits::incrementAndGet);
                for (int i = 0; i < count; i++) {
                    assertEquals(1, visits.get(i), "index " + i + " of " + count + " on " + threads + " threads");
                }
            }
        }
    }

    /** The thin link beside LLVM's pass: a loop started while every pool thread is busy ends on the caller's thread. */
    @Test
    void aLoopStartedWhileThePoolIsBusyIsNotStuckBehindIt() throws Exception {
        try (Workers workers = new Workers(2, Thread::new)) {
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Void> busy = workers.start(2, () -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            AtomicIntegerArray visits = new AtomicIntegerArray(100);
            // Bounded only so that a deadlock fails the test instead of hanging the build.
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> workers.forEachIndex(100, visits::incrementAndGet));
            for (int i = 0; i < 100; i++) {
                assertEquals(1, visits.get(i));
            }
            assertFalse(busy.isDone());
            release.countDown();
            Workers.await(busy);
        }
    }

    @Test
    void aFailureInAnyCopyReachesTheCaller() {
        try (Workers workers = new Workers(3, Thread::new)) {
            IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> workers.forEachIndex(50, i -> {
                if (i == 37) {
                    throw new IllegalStateException("member 37");
                }
            }));
            assertEquals("member 37", thrown.getMessage());
            assertEquals("member 5", assertThrows(IllegalArgumentException.class, () -> Workers.await(
                    workers.submit(() -> {
                        throw new IllegalArgumentException("member 5");
                    }))).getMessage());
        }
    }

    @Test
    void noThreadsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Workers(0, Thread::new));
    }
}
