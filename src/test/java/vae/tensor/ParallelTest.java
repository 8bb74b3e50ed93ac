package vae.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
