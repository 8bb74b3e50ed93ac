package vae.fast;

/**
 * Eight rows of A packed by {@link Packing#packA}: column k's eight numbers at
 * {@code columns[at + k·MR ..]}, and the runs of columns that hold a nonzero as
 * {@code runCount} pairs [start, end) at {@code runs[runsAt ..]}. The micro-kernel multiplies
 * those columns and skips the others.
 */
record Strip(float[] columns, int at, int[] runs, int runsAt, int runCount) {

    /** The same strip, its runs counted. */
    Strip withRunCount(int count) {
        return new Strip(columns, at, runs, runsAt, count);
    }
}
