package vae.fast;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A defect planted in a kernel task: the pieces that run on the helper thread (worker 1) throw
 * {@code ArithmeticException("planted")}, as an index or a division gone wrong in a kernel
 * would. For the tests of how such a failure reaches the user ({@code vae.cli.ErrorsTest}).
 */
public final class PlantedKernelBug {
    public static final String MESSAGE = "planted";

    private PlantedKernelBug() {
    }

    /** Runs the planted task over two threads and returns what {@code forEach} threw. */
    public static RuntimeException thrown() {
        try (Parallel pool = new Parallel(2)) {
            CountDownLatch helperFailed = new CountDownLatch(1);
            int n = 64;
            try {
                // work at the threshold and n > grain: the call really is shared with the helper
                pool.forEach(n, 1, Parallel.MIN_PARALLEL_WORK, (worker, from, to) -> {
                    if (worker == 1) {
                        helperFailed.countDown();
                        failOnTheHelper();
                    }
                    awaitQuietly(helperFailed);   // the caller leaves pieces for the helper to fail on
                });
            } catch (RuntimeException e) {
                return e;
            }
            throw new AssertionError("the helper thread never took a piece: nothing failed");
        }
    }

    /** The planted defect; its frame is what a report must show. */
    static void failOnTheHelper() {
        throw new ArithmeticException(MESSAGE);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
