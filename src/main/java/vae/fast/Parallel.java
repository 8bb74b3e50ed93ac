package vae.fast;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed team of threads that runs one task over a range {@code [0, n)}, cut into contiguous
 * pieces on multiples of a grain. Each thread (the caller is the first) owns a share of the
 * pieces, the same part of the range in every call, so that it finds in its own cache what it
 * wrote in the calls before. It takes its own pieces first; then it takes the others' from their
 * ends, so a helper that the machine has not scheduled yet holds nobody up.
 *
 * <p>The cut is the whole story of determinism: a kernel hands out <em>output</em> elements
 * (rows or columns of y, of dx; rows of dW; elements of a parameter), never a part of a sum, and computes each
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

    /** Pieces per thread: several, so that a late helper leaves little to wait for. */
    private static final int PIECES_PER_THREAD = 8;

    /** How long an idle helper spins before it sleeps; work comes in bursts a few µs apart. */
    private static final long SPIN_NANOS = 200_000;

    /** Longs between two workers' counters: a cache line each. */
    private static final int PAD = 8;

    private final int threads;
    private final Thread[] helpers;          // threads - 1 of them; the caller is worker 0
    private volatile Job job;                // the latest call's work; helpers wake when it changes
    private volatile boolean closed;
    private Job background;                  // the job startInBackground left running, or null (caller only)

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
    //> kernels-fast pieces
    /** Where piece {@code p} of {@code pieces} begins: {@code [0, n)} cut on multiples of {@code grain}. */
    static int bound(int p, int pieces, int n, int grain) {
        long units = (n + (long) grain - 1) / grain;
        return (int) Math.min(n, units * p / pieces * grain);
    }

    /**
     * Runs {@code task} over {@code [0, n)}, piece {@code p} being {@code [bound(p), bound(p + 1))}.
     * Work under {@link #MIN_PARALLEL_WORK} runs on the calling thread as one piece, beside a job in
     * the background if there is one; work to share first finishes that job.
     */
    void forEach(int n, int grain, long work, Task task) {
        if (alone(n, grain, work)) {
            task.run(0, 0, n);
            return;
        }
        awaitBackground();
        Job j = start(n, grain, task);
        j.work(0);
        finish(j);
    }
    //< kernels-fast pieces

    /**
     * Starts {@code task} over {@code [0, n)} on the helpers and returns at once: the caller goes on
     * with other work, and the job is finished by {@link #awaitBackground}, which the caller's next
     * {@code forEach} that shares its work calls first. Work under {@link #MIN_PARALLEL_WORK} runs
     * here and now, as {@code forEach} runs it. One job at a time: a job still in the background is
     * finished before this one starts.
     */
    void startInBackground(int n, int grain, long work, Task task) {
        awaitBackground();
        if (alone(n, grain, work)) {
            task.run(0, 0, n);
            return;
        }
        background = start(n, grain, task);
    }

    /** Whether a job started by {@link #startInBackground} may still be running. */
    boolean hasBackground() {
        return background != null;
    }

    /**
     * Finishes the job in the background, if there is one: the caller takes the pieces the helpers
     * have not, and waits for the rest. A piece that failed fails this call.
     */
    void awaitBackground() {
        Job j = background;
        if (j != null) {
            background = null;
            j.work(0);
            finish(j);
        }
    }

    /** Whether the caller does the work alone: one thread, or too little work to share. */
    private boolean alone(int n, int grain, long work) {
        return threads == 1 || work < MIN_PARALLEL_WORK || n <= grain;
    }

    private Job start(int n, int grain, Task task) {
        int units = (n + grain - 1) / grain;
        Job j = new Job(task, n, grain, Math.min(units, threads * PIECES_PER_THREAD), threads);
        job = j;                                   // publishes the job to the helpers
        for (Thread helper : helpers) {
            LockSupport.unpark(helper);
        }
        return j;
    }

    private static void finish(Job j) {
        j.awaitDone();
        if (j.failure != null) {                   // the cause keeps the failing thread's own stack trace
            throw new IllegalStateException("a kernel thread failed: worker " + j.failedWorker
                    + " (thread " + j.failedThread + ")", j.failure);
        }
    }

    /**
     * One call's work. Worker w owns the pieces {@code [share(w), share(w + 1))}: it takes them in
     * order from the front, then helps with the others' shares, taking from their backs. So each
     * worker computes the same part of every array, call after call, and finds it in its own cache,
     * unless the other is late.
     */
    static final class Job {
        final Task task;
        final int n, grain, pieces, workers;
        /** Per worker, its pieces not yet taken, [front, back) packed in one long; a cache line apart. */
        final AtomicLongArray left;
        final AtomicInteger done = new AtomicInteger();
        volatile Throwable failure;                // what the first piece to fail threw, and where:
        int failedWorker;                          // (set before the piece counts as done, so finish sees them)
        String failedThread;

        Job(Task task, int n, int grain, int pieces, int workers) {
            this.task = task;
            this.n = n;
            this.grain = grain;
            this.pieces = pieces;
            this.workers = workers;
            this.left = new AtomicLongArray(workers * PAD);
            for (int w = 0; w < workers; w++) {
                left.set(w * PAD, range(share(w), share(w + 1)));
            }
        }

        private int share(int w) {
            return (int) ((long) pieces * w / workers);
        }

        private static long range(int front, int back) {
            return (long) front << 32 | back;
        }

        void work(int worker) {
            for (int v = 0; v < workers; v++) {
                int owner = (worker + v) % workers;
                for (int p; (p = take(owner, v == 0)) >= 0; ) {
                    try {
                        task.run(worker, bound(p, pieces, n, grain), bound(p + 1, pieces, n, grain));
                    } catch (Throwable e) {
                        fail(worker, e);
                    } finally {
                        done.incrementAndGet();
                    }
                }
            }
        }

        private synchronized void fail(int worker, Throwable e) {
            if (failure == null) {
                failedWorker = worker;
                failedThread = Thread.currentThread().getName();
                failure = e;
            }
        }

        /** The next piece of owner's share, from the front or from the back; -1 when none is left. */
        private int take(int owner, boolean fromFront) {
            int i = owner * PAD;
            while (true) {
                long r = left.get(i);
                int front = (int) (r >>> 32), back = (int) r;
                if (front >= back) {
                    return -1;
                }
                long rest = fromFront ? range(front + 1, back) : range(front, back - 1);
                if (left.compareAndSet(i, r, rest)) {
                    return fromFront ? front : back - 1;
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
        try {
            awaitBackground();                     // a failure in it still lets the helpers go
        } finally {
            closed = true;
            for (Thread helper : helpers) {
                LockSupport.unpark(helper);
            }
            for (Thread helper : helpers) {
                try {
                    helper.join(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
    }
}
