package vae.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelTest {

    @Test
    void piecesCoverTheRangeOnMultiplesOfTheGrain() {
        for (int threads = 1; threads <= 5; threads++) {
            for (int n : new int[]{1, 7, 8, 13, 96, 128, 400, 785}) {
                for (int grain : new int[]{1, 8, 16}) {
                    int pieces = threads;
                    assertEquals(0, Parallel.bound(0, pieces, n, grain));
                    assertEquals(n, Parallel.bound(pieces, pieces, n, grain));
                    for (int t = 1; t < pieces; t++) {
                        int b = Parallel.bound(t, pieces, n, grain);
                        assertTrue(b >= Parallel.bound(t - 1, pieces, n, grain));
                        assertTrue(b % grain == 0 || b == n, "bound " + b + " off the grain " + grain);
                    }
                }
            }
        }
    }

    @Test
    void everyItemRunsExactlyOnce() {
        for (int threads = 1; threads <= 4; threads++) {
            try (Parallel pool = new Parallel(threads)) {
                for (int n : new int[]{1, 13, 128, 1000}) {
                    for (int round = 0; round < 50; round++) {
                        AtomicIntegerArray count = new AtomicIntegerArray(n);
                        pool.forEach(n, 8, Long.MAX_VALUE, (worker, from, to) -> {
                            for (int i = from; i < to; i++) {
                                count.incrementAndGet(i);
                            }
                        });
                        for (int i = 0; i < n; i++) {
                            assertEquals(1, count.get(i), "item " + i + " of " + n + " on " + threads + " threads");
                        }
                    }
                }
            }
        }
    }

    @Test
    void aWorkerTakesItsOwnShareInOrderThenTheOthersFromTheirEnds() {
        // 12 pieces of 8 items over 3 workers: shares [0, 4), [4, 8), [8, 12); worker 1 alone does all
        List<Integer> order = new ArrayList<>();
        Parallel.Job job = new Parallel.Job((worker, from, to) -> order.add(from / 8), 96, 8, 12, 3);
        job.work(1);
        assertEquals(List.of(4, 5, 6, 7, 11, 10, 9, 8, 3, 2, 1, 0), order);
    }

    @Test
    void anOwnerAndAHelperNeverTakeTheSamePiece() {
        // worker 0 takes its share from the front while worker 1, done with its own, takes it from the back
        for (int round = 0; round < 200; round++) {
            AtomicIntegerArray count = new AtomicIntegerArray(64);
            Parallel.Job job = new Parallel.Job((worker, from, to) -> {
                for (int i = from; i < to; i++) {
                    count.incrementAndGet(i);
                }
            }, 64, 1, 64, 2);
            Thread helper = new Thread(() -> job.work(1));
            helper.start();
            job.work(0);
            job.awaitDone();
            for (int i = 0; i < 64; i++) {
                assertEquals(1, count.get(i), "item " + i + ", round " + round);
            }
        }
    }

    @Test
    void aHelperThatFellAsleepWakesForTheNextCall() throws InterruptedException {
        try (Parallel pool = new Parallel(2)) {
            for (int round = 0; round < 10; round++) {
                Thread.sleep(3);                  // far longer than a helper spins: it parks
                Set<Integer> workers = ConcurrentHashMap.newKeySet();
                CountDownLatch both = new CountDownLatch(2);
                pool.forEach(2, 1, Long.MAX_VALUE, (worker, from, to) -> {
                    workers.add(worker);
                    both.countDown();
                    try {                         // each of the two pieces waits for the other to start
                        both.await(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                assertEquals(Set.of(0, 1), workers, "round " + round + ": the helper took no piece");
            }
        }
    }

    @Test
    void aFailingPieceFailsTheCall() {
        try (Parallel pool = new Parallel(2)) {
            assertThrows(IllegalStateException.class, () -> pool.forEach(100, 1, Long.MAX_VALUE, (worker, from, to) -> {
                if (from <= 50 && 50 < to) {
                    throw new ArithmeticException("boom");
                }
            }));
            int[] sum = new int[1];
            pool.forEach(10, 1, 0, (worker, from, to) -> sum[0] += to - from);   // still usable; small work runs here
            assertEquals(10, sum[0]);
        }
    }

    @Test
    void inTheBackgroundTheHelpersStartWhileTheCallerGoesOnAndSmallCallsStayOnTheCaller() throws InterruptedException {
        try (Parallel pool = new Parallel(2)) {
            for (int round = 0; round < 20; round++) {
                int n = 400;
                AtomicIntegerArray count = new AtomicIntegerArray(n);
                CountDownLatch helperStarted = new CountDownLatch(1);
                List<String> small = new ArrayList<>();
                Thread caller = Thread.currentThread();
                pool.startInBackground(n, 16, Long.MAX_VALUE, (worker, from, to) -> {
                    if (worker != 0) {
                        helperStarted.countDown();
                    }
                    for (int i = from; i < to; i++) {
                        count.incrementAndGet(i);
                    }
                });
                // the helper starts on the job while the caller is still here
                assertTrue(helperStarted.await(10, TimeUnit.SECONDS), "round " + round + ": the helper began");
                pool.forEach(1000, 8, 0, (worker, from, to) ->
                        small.add(worker + ":" + from + "-" + to + (Thread.currentThread() == caller ? "" : " elsewhere")));
                assertEquals(List.of("0:0-1000"), small, "a call too small to share runs whole on the caller");
                assertTrue(pool.hasBackground(), "a small call leaves the job in the background");
                pool.awaitBackground();
                assertFalse(pool.hasBackground());
                for (int i = 0; i < n; i++) {
                    assertEquals(1, count.get(i), "item " + i + ", round " + round);
                }
            }
        }
    }

    @Test
    void aCallThatSharesItsWorkFinishesTheJobInTheBackgroundFirst() {
        try (Parallel pool = new Parallel(2)) {
            int n = 1000;
            AtomicIntegerArray count = new AtomicIntegerArray(n);
            pool.startInBackground(n, 8, Long.MAX_VALUE, (worker, from, to) -> {
                for (int i = from; i < to; i++) {
                    count.incrementAndGet(i);
                }
            });
            int[] seen = new int[1];
            pool.forEach(n, 8, Long.MAX_VALUE, (worker, from, to) -> {
                for (int i = from; i < to; i++) {
                    if (count.get(i) == 1) {
                        synchronized (seen) {
                            seen[0]++;
                        }
                    }
                }
            });
            assertEquals(n, seen[0], "every item of the job was done before the next job began");
            assertFalse(pool.hasBackground());
        }
    }

    @Test
    void inTheBackgroundWithOneThreadRunsAtOnce() {
        try (Parallel pool = new Parallel(1)) {
            List<String> order = new ArrayList<>();
            pool.startInBackground(100, 8, Long.MAX_VALUE, (worker, from, to) -> order.add(from + "-" + to));
            order.add("after");
            assertEquals(List.of("0-100", "after"), order);
            assertFalse(pool.hasBackground());
        }
    }

    @Test
    void aFailureInTheBackgroundComesOutWhenTheJobIsAwaited() {
        try (Parallel pool = new Parallel(2)) {
            int n = 1000;
            pool.startInBackground(n, 8, Long.MAX_VALUE, (worker, from, to) -> {
                if (from <= 500 && 500 < to) {
                    throw new ArithmeticException("boom");
                }
            });
            IllegalStateException e = assertThrows(IllegalStateException.class, pool::awaitBackground);
            assertInstanceOf(ArithmeticException.class, e.getCause());
            AtomicIntegerArray after = new AtomicIntegerArray(n);   // and the pool works on
            pool.forEach(n, 8, Long.MAX_VALUE, (worker, from, to) -> {
                for (int i = from; i < to; i++) {
                    after.incrementAndGet(i);
                }
            });
            for (int i = 0; i < n; i++) {
                assertEquals(1, after.get(i));
            }
        }
    }
}
