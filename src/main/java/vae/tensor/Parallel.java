package vae.tensor;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed team of threads that runs one task over a range {@code [0, n)}, cut into contiguous
 * pieces on multiples of a grain. The calling thread and the helpers take pieces in turn until
 * none are left, so a helper that the machine has not scheduled yet holds nobody up.
 *
 * <p>The cut is the whole story of determinism: a kernel hands out <em>output</em> elements
 * (rows of y, of dx, of dW; elements of a parameter), never a part of a sum, and computes each
 * element the same way whichever piece holds it. So the result is bit-for-bit the same whichever
 * thread takes which piece, and for any number of threads.
 *
 * <p>One caller at a time: a {@code Parallel} belongs to the kernels that made it.
 */
final class Parallel implements AutoCloseable {

    /** One piece of the work: the items {@code [from, to)}, on the thread numbered {@code worker}. */
    interface Task {
        void run(int worker, int from, int to);
    }

    /** Below this many multiply-adds (or the like) the caller does the work alone: waking a helper costs more. */
    static final long MIN_PARALLEL_WORK = 1L << 22;

    /** Pieces per thread: several, so that a late helper leaves little to wait for (4 was measurably slower). */
    private static final int PIECES_PER_THREAD = 8;

    /** How long an idle helper spins before it sleeps; work comes in bursts a few µs apart. */
    private static final long SPIN_NANOS = 200_000;

    private final int threads;
    private final Thread[] helpers;          // threads - 1 of them; the caller is worker 0
    private volatile Job job;                // the latest call's work; helpers wake when it changes
    private volatile boolean closed;

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
    /** Where piece {@code p} of {@code pieces} begins: {@code [0, n)} cut on multiples of {@code grain}. */
    static int bound(int p, int pieces, int n, int grain) {
        long units = (n + (long) grain - 1) / grain;
        return (int) Math.min(n, units * p / pieces * grain);
    }

    /**
     * Runs {@code task} over {@code [0, n)}, piece {@code p} being {@code [bound(p), bound(p + 1))}.
     * Work under {@link #MIN_PARALLEL_WORK} runs on the calling thread as one piece.
     */
    void forEach(int n, int grain, long work, Task task) {
        if (threads == 1 || work < MIN_PARALLEL_WORK || n <= grain) {
            task.run(0, 0, n);
            return;
        }
        int units = (n + grain - 1) / grain;
        Job j = new Job(task, n, grain, Math.min(units, threads * PIECES_PER_THREAD));
        job = j;                                   // publishes the job to the helpers
        for (Thread helper : helpers) {
            LockSupport.unpark(helper);
        }
        j.work(0);
        j.awaitDone();
        if (j.failure != null) {
            throw new IllegalStateException("a kernel thread failed", j.failure);
        }
    }

    /** One call's work: whoever runs {@link #work} takes the next piece until none are left. */
    private static final class Job {
        final Task task;
        final int n, grain, pieces;
        final AtomicInteger next = new AtomicInteger(), done = new AtomicInteger();
        volatile Throwable failure;

        Job(Task task, int n, int grain, int pieces) {
            this.task = task;
            this.n = n;
            this.grain = grain;
            this.pieces = pieces;
        }

        void work(int worker) {
            for (int p; (p = next.getAndIncrement()) < pieces; ) {
                try {
                    task.run(worker, bound(p, pieces, n, grain), bound(p + 1, pieces, n, grain));
                } catch (Throwable e) {
                    failure = e;
                } finally {
                    done.incrementAndGet();
                }
            }
        }

        /** Every piece is taken by now; waits for those still running on helpers. */
        void awaitDone() {
            for (int spins = 0; done.get() < pieces; spins++) {
                if (spins < 10_000) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
        }
    }
    //< kernels-fast thread-split

    private void helperLoop(int worker) {
        Job seen = null;
        long idleSince = System.nanoTime();
        while (!closed) {
            Job j = job;
            if (j != seen) {
                seen = j;
                j.work(worker);
                idleSince = System.nanoTime();
            } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
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
