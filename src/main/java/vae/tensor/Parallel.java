package vae.tensor;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed team of threads that runs one task over a range {@code [0, n)} cut into contiguous
 * pieces, one piece per thread; the calling thread takes the first piece and waits for the rest.
 *
 * <p>The cut is the whole story of determinism: a kernel hands out <em>output</em> elements
 * (rows of y, of dx, of dW; elements of a parameter), never a part of a sum, so every number is
 * computed by the same operations in the same order whichever thread computes it, and the result
 * is bit-for-bit the same for any number of threads.
 *
 * <p>One caller at a time: a {@code Parallel} belongs to the kernels that made it.
 */
final class Parallel implements AutoCloseable {

    /** One piece of the work: the items {@code [from, to)}, on the thread numbered {@code worker}. */
    interface Task {
        void run(int worker, int from, int to);
    }

    /** Below this many multiply-adds (or element updates) the caller does the work alone. */
    static final long MIN_PARALLEL_WORK = 1L << 18;

    /** How long an idle helper spins before it sleeps; work comes in bursts a few µs apart. */
    private static final long SPIN_NANOS = 200_000;

    private final int threads;
    private final Thread[] helpers;          // threads - 1 of them; the caller is worker 0
    private final AtomicInteger pending = new AtomicInteger();
    private volatile int generation;         // bumped by the caller to publish a new task
    private volatile boolean closed;
    private volatile Throwable failure;

    // The task in flight: written before generation is bumped, read after it is seen.
    private Task task;
    private int n, grain;

    Parallel(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        this.threads = threads;
        this.helpers = new Thread[threads - 1];
        for (int i = 0; i < helpers.length; i++) {
            int worker = i + 1;
            helpers[i] = new Thread(() -> helperLoop(worker), "vae-kernels-" + worker);
            helpers[i].setDaemon(true);
            helpers[i].start();
        }
    }

    int threads() {
        return threads;
    }

    //> kernels-fast thread-split
    /** Where piece {@code t} of {@code threads} begins: {@code [0, n)} cut on multiples of {@code grain}. */
    static int bound(int t, int threads, int n, int grain) {
        long units = (n + (long) grain - 1) / grain;
        return (int) Math.min(n, units * t / threads * grain);
    }

    /**
     * Runs {@code task} over {@code [0, n)}: piece {@code t} is {@code [bound(t), bound(t + 1))}.
     * Work under {@link #MIN_PARALLEL_WORK} runs on the calling thread as one piece.
     */
    void forEach(int n, int grain, long work, Task task) {
        if (threads == 1 || work < MIN_PARALLEL_WORK || n <= grain) {
            task.run(0, 0, n);
            return;
        }
        this.task = task;
        this.n = n;
        this.grain = grain;
        failure = null;
        pending.set(helpers.length);
        generation++;                       // publishes task, n and grain to the helpers
        for (Thread helper : helpers) {
            LockSupport.unpark(helper);
        }
        try {
            task.run(0, 0, bound(1, threads, n, grain));
        } finally {
            awaitHelpers();
            this.task = null;
        }
        Throwable f = failure;
        if (f != null) {
            throw new IllegalStateException("a kernel thread failed", f);
        }
    }
    //< kernels-fast thread-split

    private void awaitHelpers() {
        for (int spins = 0; pending.get() != 0; spins++) {
            if (spins < 10_000) {
                Thread.onSpinWait();
            } else {
                Thread.yield();             // a helper lost its core: give it ours
            }
        }
    }

    private void helperLoop(int worker) {
        int seen = 0;
        while (true) {
            long idleSince = System.nanoTime();
            while (generation == seen && !closed) {
                if (System.nanoTime() - idleSince < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            if (closed) {
                return;
            }
            seen = generation;
            try {
                task.run(worker, bound(worker, threads, n, grain), bound(worker + 1, threads, n, grain));
            } catch (Throwable e) {
                failure = e;
            } finally {
                pending.decrementAndGet();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread helper : helpers) {
            LockSupport.unpark(helper);
        }
        for (Thread helper : helpers) {
            try {
                helper.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
