package vae.fast;

import static vae.fast.MatMul.L;
import static vae.fast.MatMul.MR;
import static vae.fast.MatMul.NR;
import static vae.fast.MatMul.NV;
import static vae.fast.MatMul.SPECIES;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;

/**
 * The copies a product makes of its operands before it multiplies, as BLAS libraries make them:
 * B into panels three vectors wide ({@link #packB}), eight rows of A at a time into a strip
 * ({@link #packA}), zero-padded at the edges. Then the micro-kernel reads memory in order, with
 * fixed strides whose bounds checks the JIT can lift out of the loop, and never meets an edge.
 *
 * <p>Packing A also leaves out every column k in which all eight rows are zero, and the
 * micro-kernel then skips row k of B: a multiply-add of a zero adds nothing, so every sum stays
 * the same, bit for bit. The seed's data is full of such zeros: an MNIST digit leaves most of its
 * 28×28 frame blank, and about half the pixels are blank in all eight images of a strip.
 */
final class Packing {
    /** At 16 floats a vector, the lanes of the first of the two columns of a strip that a vector holds. */
    private static final VectorMask<Float> FIRST_COLUMN = SPECIES.indexInRange(0, MR);

    private Packing() {
    }

    /**
     * Where the first panel starts in a packed B: on a cache line where the JVM's options let it
     * know where lines are ({@link Alignment}), so that no load of the micro-kernel straddles two
     * lines; otherwise at 0. Every panel is a multiple of 16 floats long, so all of them start on a line.
     */
    static final int PANELS_START = Alignment.FIRST_ELEMENT_ON_A_LINE;

    /** Floats that B (K, N) takes packed: {@code K} times N rounded up to a whole vector, after {@link #PANELS_START}. */
    static int packedSize(int K, int N) {
        return PANELS_START + K * ((N + L - 1) / L * L);
    }

    /** Width of the panel that starts at column n: three vectors, or one for the last columns. */
    static int panelWidth(int n, int N) {
        return n + NR <= N ? NR : L;
    }

    /** The first column of the panel that holds column n (of N). */
    static int panelOf(int n, int N) {
        int wide = N / NR * NR;                          // the panels three vectors wide end here
        return n < wide ? n / NR * NR : wide + (n - wide) / L * L;
    }

    //> kernels-fast pack
    // B (K, N) into panels: the panel of the columns [n, n + w) goes to
    // packedB[PANELS_START + n·K ..] as K rows of w floats, zero past column N. Panels starting in [n0, n1), n0 on a panel.
    static void packB(Matrix b, int K, int N, float[] packedB, int n0, int n1, Scratch scratch) {
        float[] data = b.data();
        int bK = b.rowStride(), bN = b.colStride();
        for (int n = n0; n < n1; n += panelWidth(n, N)) {
            int w = panelWidth(n, N), p = PANELS_START + n * K;
            if (n + w <= N && bN == 1) {                 // rows of B are rows of the panel
                for (int k = 0; k < K; k++) {
                    for (int v = 0; v < w; v += L) {
                        FloatVector.fromArray(SPECIES, data, k * bK + n + v).intoArray(packedB, p + k * w + v);
                    }
                }
            } else if (n + w <= N && bK == 1) {          // columns of B are rows in memory: gather
                int[] map = scratch.strided(bN);
                for (int k = 0; k < K; k++) {
                    for (int v = 0; v < w; v += L) {
                        FloatVector.fromArray(SPECIES, data, k + (n + v) * bN, map, 0).intoArray(packedB, p + k * w + v);
                    }
                }
            } else {                                      // the edge, or odd strides
                int cols = Math.min(w, N - n);
                for (int k = 0; k < K; k++) {
                    for (int j = 0; j < cols; j++) {
                        packedB[p + k * w + j] = data[k * bK + (n + j) * bN];
                    }
                    for (int j = cols; j < w; j++) {
                        packedB[p + k * w + j] = 0f;
                    }
                }
            }
        }
    }

    // B = w (OUT, IN) of dx = dy·w, read from w's panels (FastTensor: element (o, i) at
    // wp[PANELS_START + u·IN + i·uw + (o - u)] for o in the panel [u, u + uw)), packed as packB packs it:
    // the panel of the columns [n, n + w) to packedB[PANELS_START + n·OUT ..] as OUT rows of w floats.
    // Where the two panels meet is a block of uw × w floats, whole in memory on both sides: uw numbers
    // for each column i on one, w numbers for each row o on the other. So packing is turning each
    // block round. With 4 or 8 floats a vector, it is done L × L at a time in registers (transpose);
    // otherwise, and at the edges, a row of the panel is gathered, w numbers uw apart. Panels starting
    // in [n0, n1), n0 on a panel.
    static void packFromPanels(float[] wp, int OUT, int IN, float[] packedB, int n0, int n1, Scratch scratch) {
        for (int n = n0; n < n1; n += panelWidth(n, IN)) {
            int w = panelWidth(n, IN), p = PANELS_START + n * OUT, cols = Math.min(w, IN - n);
            for (int u = 0; u < OUT; u += panelWidth(u, OUT)) {
                int uw = panelWidth(u, OUT), units = Math.min(uw, OUT - u);
                if (TRANSPOSE && cols == w && units == uw) {
                    int from = PANELS_START + u * IN + n * uw;   // column i = n + j: uw numbers from from + j·uw
                    for (int j = 0; j < w; j += L) {
                        for (int o = 0; o < uw; o += L) {
                            transpose(wp, from + j * uw + o, uw, packedB, p + (u + o) * w + j, w);
                        }
                    }
                    continue;
                }
                int[] map = scratch.strided(uw);            // lane j reads element j·uw
                for (int o = u; o < u + units; o++) {
                    int from = PANELS_START + u * IN + (o - u), to = p + o * w;
                    if (cols == w) {
                        for (int v = 0; v < w; v += L) {
                            FloatVector.fromArray(SPECIES, wp, from + (n + v) * uw, map, 0).intoArray(packedB, to + v);
                        }
                    } else {                                  // the edge: past column IN, zeros
                        for (int j = 0; j < w; j++) {
                            packedB[to + j] = j < cols ? wp[from + (n + j) * uw] : 0f;
                        }
                    }
                }
            }
        }
    }

    //> kernels-fast transpose
    /** Whether {@link #transpose} turns blocks round in registers: with 4 or 8 floats a vector. */
    static final boolean TRANSPOSE = L == 4 || L == 8;
    // Turning a block round takes the float in row r, lane j to row j, lane r: it swaps the bits of
    // r and j, one bit d (1, 2, 4) at a time. Where r's bit d is 0 and j's is 1, the float changes
    // places with the one in row r + d, lane j - d: rows r and r + d trade half their lanes. Row r
    // keeps its lanes whose bit d is 0 and takes the others from row r + d moved up d lanes (UP: lane
    // j gets lane j - d); row r + d keeps its lanes whose bit d is 1 and takes the others from row r
    // moved down (DOWN: lane j gets lane j + d). A rearrange and a blend a row, log2(L) times over.
    // Written out in place below, not as a method: with a method for each step, JDK 17 packed a
    // 784 × 400 weight 2.3 times slower (bench/NOTEBOOK.md, "Turning the blocks round")
    private static final VectorShuffle<Float> UP1 = shift(-1), UP2 = shift(-2), UP4 = shift(-4);
    private static final VectorShuffle<Float> DOWN1 = shift(1), DOWN2 = shift(2), DOWN4 = shift(4);
    private static final VectorMask<Float> BIT1 = lanesWith(1), BIT2 = lanesWith(2), BIT4 = lanesWith(4);
    private static final VectorMask<Float> NOT1 = BIT1.not(), NOT2 = BIT2.not(), NOT4 = BIT4.not();

    // lane j gets lane j + by, round the vector (the lanes that wrap round are the ones blended away)
    private static VectorShuffle<Float> shift(int by) {
        return VectorShuffle.fromOp(SPECIES, j -> (j + by) & (L - 1));
    }

    // the lanes j whose bit d is set
    private static VectorMask<Float> lanesWith(int d) {
        long lanes = 0;
        for (int j = 0; j < L; j++) {
            lanes |= (j & d) != 0 ? 1L << j : 0;
        }
        return VectorMask.fromLong(SPECIES, lanes);
    }

    // The L × L block whose row r is src[s0 + r·ss ..] goes to dst with its rows as columns: row c of
    // dst[d0 + c·ds ..] is column c of the block. Each float is moved, never computed: the same bits.
    static void transpose(float[] src, int s0, int ss, float[] dst, int d0, int ds) {
        if (L == 8) {
            transpose8(src, s0, ss, dst, d0, ds);
        } else if (L == 4) {
            transpose4(src, s0, ss, dst, d0, ds);
        } else {
            throw new UnsupportedOperationException("no transpose in registers for " + L + " floats a vector: see TRANSPOSE");
        }
    }

    private static void transpose4(float[] src, int s0, int ss, float[] dst, int d0, int ds) {
        FloatVector r0 = FloatVector.fromArray(SPECIES, src, s0), r1 = FloatVector.fromArray(SPECIES, src, s0 + ss);
        FloatVector r2 = FloatVector.fromArray(SPECIES, src, s0 + 2 * ss), r3 = FloatVector.fromArray(SPECIES, src, s0 + 3 * ss);
        FloatVector a, b;
        a = r0.blend(r1.rearrange(UP1), BIT1); b = r1.blend(r0.rearrange(DOWN1), NOT1); r0 = a; r1 = b;    // bit 1
        a = r2.blend(r3.rearrange(UP1), BIT1); b = r3.blend(r2.rearrange(DOWN1), NOT1); r2 = a; r3 = b;
        a = r0.blend(r2.rearrange(UP2), BIT2); b = r2.blend(r0.rearrange(DOWN2), NOT2); r0 = a; r2 = b;    // bit 2
        a = r1.blend(r3.rearrange(UP2), BIT2); b = r3.blend(r1.rearrange(DOWN2), NOT2); r1 = a; r3 = b;
        r0.intoArray(dst, d0); r1.intoArray(dst, d0 + ds); r2.intoArray(dst, d0 + 2 * ds); r3.intoArray(dst, d0 + 3 * ds);
    }
    //< kernels-fast transpose

    private static void transpose8(float[] src, int s0, int ss, float[] dst, int d0, int ds) {
        FloatVector r0 = FloatVector.fromArray(SPECIES, src, s0), r1 = FloatVector.fromArray(SPECIES, src, s0 + ss);
        FloatVector r2 = FloatVector.fromArray(SPECIES, src, s0 + 2 * ss), r3 = FloatVector.fromArray(SPECIES, src, s0 + 3 * ss);
        FloatVector r4 = FloatVector.fromArray(SPECIES, src, s0 + 4 * ss), r5 = FloatVector.fromArray(SPECIES, src, s0 + 5 * ss);
        FloatVector r6 = FloatVector.fromArray(SPECIES, src, s0 + 6 * ss), r7 = FloatVector.fromArray(SPECIES, src, s0 + 7 * ss);
        FloatVector a, b;
        a = r0.blend(r1.rearrange(UP1), BIT1); b = r1.blend(r0.rearrange(DOWN1), NOT1); r0 = a; r1 = b;    // bit 1
        a = r2.blend(r3.rearrange(UP1), BIT1); b = r3.blend(r2.rearrange(DOWN1), NOT1); r2 = a; r3 = b;
        a = r4.blend(r5.rearrange(UP1), BIT1); b = r5.blend(r4.rearrange(DOWN1), NOT1); r4 = a; r5 = b;
        a = r6.blend(r7.rearrange(UP1), BIT1); b = r7.blend(r6.rearrange(DOWN1), NOT1); r6 = a; r7 = b;
        a = r0.blend(r2.rearrange(UP2), BIT2); b = r2.blend(r0.rearrange(DOWN2), NOT2); r0 = a; r2 = b;    // bit 2
        a = r1.blend(r3.rearrange(UP2), BIT2); b = r3.blend(r1.rearrange(DOWN2), NOT2); r1 = a; r3 = b;
        a = r4.blend(r6.rearrange(UP2), BIT2); b = r6.blend(r4.rearrange(DOWN2), NOT2); r4 = a; r6 = b;
        a = r5.blend(r7.rearrange(UP2), BIT2); b = r7.blend(r5.rearrange(DOWN2), NOT2); r5 = a; r7 = b;
        a = r0.blend(r4.rearrange(UP4), BIT4); b = r4.blend(r0.rearrange(DOWN4), NOT4); r0 = a; r4 = b;    // bit 4
        a = r1.blend(r5.rearrange(UP4), BIT4); b = r5.blend(r1.rearrange(DOWN4), NOT4); r1 = a; r5 = b;
        a = r2.blend(r6.rearrange(UP4), BIT4); b = r6.blend(r2.rearrange(DOWN4), NOT4); r2 = a; r6 = b;
        a = r3.blend(r7.rearrange(UP4), BIT4); b = r7.blend(r3.rearrange(DOWN4), NOT4); r3 = a; r7 = b;
        r0.intoArray(dst, d0); r1.intoArray(dst, d0 + ds); r2.intoArray(dst, d0 + 2 * ds); r3.intoArray(dst, d0 + 3 * ds);
        r4.intoArray(dst, d0 + 4 * ds); r5.intoArray(dst, d0 + 5 * ds); r6.intoArray(dst, d0 + 6 * ds); r7.intoArray(dst, d0 + 7 * ds);
    }

    // Rows m, m + 1, … of A (rows ≤ MR of them; or, given a list, rowIds[m], rowIds[m + 1], …) go to
    // the strip as columns of MR floats, zero past the last row. Returns the number of runs of
    // columns in which some row is not zero, written as [start, end) pairs at the strip's runs: the
    // micro-kernel multiplies those and skips the rest, for a product with 0 changes no sum. Two
    // runs closer than GAP columns are one: a short stretch of zeros costs less to multiply than
    // to step over. Where the tile is computed in halves, every run but a lone one is an even number
    // of columns long (evenLengths). The strip needs room for K·MR floats and K + 1 pairs of runs.
    // A column of the strip is MR floats: one vector with 8 floats a vector, two with 4, and half a
    // vector with 16, where a vector takes two columns. Never a vector of another width: a second
    // species of floats in the program makes JDK 17's JIT box the vectors of every micro-kernel
    // (bench/NOTEBOOK.md, "One species of floats"). Where the rows are next to each other in memory
    // (aRow = 1: A is a transpose, as xᵀ in a weight gradient) a column is loaded; otherwise
    // gathered from MR rows.
    static int packA(Matrix a, int[] rowIds, int m, int rows, int K, Strip into, Scratch scratch) {
        float[] data = a.data(), stripColumns = into.columns();
        int aRow = a.rowStride(), aK = a.colStride(), stripAt = into.at(), runsAt = into.runsAt();
        int[] runs = into.runs();
        int r = 0, k = 0;
        if (rows == MR) {
            boolean gather = aRow != 1 || rowIds != null;
            int base = rowIds == null ? m * aRow : 0;
            if (TRANSPOSE && gather && rowIds == null && aK == 1) {
                // the rows of A are rows in memory: L columns of the strip are an L × L block of each
                // L of its rows turned round (transpose); the last K mod L columns are gathered below
                for (; k + L <= K; k += L) {
                    for (int i = 0; i < MR; i += L) {
                        transpose(data, base + i * aRow + k, aRow, stripColumns, stripAt + k * MR + i, MR);
                    }
                    for (int c = k; c < k + L; c++) {
                        if (holdsANonzero(stripColumns, stripAt + c * MR)) {
                            r = addToRuns(runs, runsAt, r, c);
                        }
                    }
                }
            }
            int[] map = !gather ? null : rowIds == null ? scratch.strided(aRow) : scratch.rowMap(rowIds, m, aRow);
            if (L == 2 * MR) {
                // 16 floats a vector: columns k and k + 1 in one gather (lane MR + i reads row i of
                // column k + 1); an odd last column is copied below, one float at a time
                int[] pair = scratch.pairMap(gather ? map : scratch.strided(1), aK);
                for (; k + 2 <= K; k += 2) {
                    FloatVector two = FloatVector.fromArray(SPECIES, data, base + k * aK, pair, 0);
                    two.intoArray(stripColumns, stripAt + k * MR);
                    VectorMask<Float> nonzero = two.compare(VectorOperators.NE, 0f);   // a NaN counts
                    if (nonzero.and(FIRST_COLUMN).anyTrue()) {
                        r = addToRuns(runs, runsAt, r, k);
                    }
                    if (nonzero.andNot(FIRST_COLUMN).anyTrue()) {
                        r = addToRuns(runs, runsAt, r, k + 1);
                    }
                }
            } else {
                for (; k < K; k++) {
                    for (int v = 0; v < MR; v += L) {
                        FloatVector part = gather ? FloatVector.fromArray(SPECIES, data, base + k * aK, map, v)
                                : FloatVector.fromArray(SPECIES, data, m + k * aK + v);
                        part.intoArray(stripColumns, stripAt + k * MR + v);
                    }
                    if (holdsANonzero(stripColumns, stripAt + k * MR)) {
                        r = addToRuns(runs, runsAt, r, k);
                    }
                }
            }
        }
        for (; k < K; k++) {                  // fewer than MR rows: the edge of A
            boolean nonzero = false;
            for (int i = 0; i < MR; i++) {
                float x = i < rows ? data[(rowIds == null ? m + i : rowIds[m + i]) * aRow + k * aK] : 0f;
                stripColumns[stripAt + k * MR + i] = x;
                nonzero |= x != 0f;
            }
            if (nonzero) {
                r = addToRuns(runs, runsAt, r, k);
            }
        }
        return NV == 2 ? evenLengths(runs, runsAt, r, K) : r;
    }

    // whether the column of a strip at strip[at ..], MR floats, holds anything but zeros (a NaN
    // counts); for vectors of at most MR floats
    private static boolean holdsANonzero(float[] strip, int at) {
        boolean nonzero = false;
        for (int v = 0; v < MR; v += L) {
            nonzero |= FloatVector.fromArray(SPECIES, strip, at + v).compare(VectorOperators.NE, 0f).anyTrue();
        }
        return nonzero;
    }

    // Where the tile is computed in halves, whose kernel takes two columns a step
    // (MicroKernels.kernel4x2Runs), makes each of the r runs an even number of columns long, if
    // there are two or more: an odd run takes in the column after it, or at the end of A the one
    // before it. That column is blank (a multiply-add of zero, which changes no sum), and the runs
    // stay apart: they were GAP columns apart or more.
    private static int evenLengths(int[] runs, int off, int r, int K) {
        if (r < 2) {
            return r;
        }
        for (int i = off; i < off + 2 * r; i += 2) {
            if ((runs[i + 1] - runs[i]) % 2 != 0) {
                if (runs[i + 1] < K) {
                    runs[i + 1]++;
                } else {
                    runs[i]--;
                }
            }
        }
        return r;
    }

    //> kernels-fast runs
    /** Runs closer than this many columns are joined. */
    static final int GAP = 4;

    // column k, the last so far with a nonzero, joins the last of the r runs or starts a new one
    private static int addToRuns(int[] runs, int off, int r, int k) {
        if (r > 0 && k - runs[off + 2 * r - 1] < GAP) {
            runs[off + 2 * r - 1] = k + 1;
            return r;
        }
        runs[off + 2 * r] = k;
        runs[off + 2 * r + 1] = k + 1;
        return r + 1;
    }
    //< kernels-fast runs
    //< kernels-fast pack

    /** A (M, K) packed whole, a strip of MR rows after another, for products split over columns. */
    static final class Strips {
        private float[] columns = new float[0];   // strip s at columns[s·stride(K) ..]: its columns, MR floats each
        private int[] runs = new int[0];          // strip s's runs of columns with a nonzero at runs[s·runStride(K) ..]
        private Strip[] packed = new Strip[0];    // strip s as packed, its runs counted

        private static int stride(int K) {
            return K * MR + L;
        }

        private static int runStride(int K) {
            return 2 * K + 2;
        }

        /** Makes room for M rows of K columns. */
        Strips size(int M, int K) {
            int strips = (M + MR - 1) / MR;
            if (columns.length < strips * stride(K)) {
                columns = new float[strips * stride(K)];
            }
            if (runs.length < strips * runStride(K)) {
                runs = new int[strips * runStride(K)];
            }
            if (packed.length < strips) {
                packed = new Strip[strips];
            }
            return this;
        }

        /** Strip s, as {@link #pack} left it. */
        Strip strip(int s) {
            return packed[s];
        }

        // Packs rows [m0, m1) of A (m0 on a strip, m1 on a strip or at the last row), as packA packs one strip
        void pack(Matrix a, int m0, int m1, int K, Scratch scratch) {
            for (int m = m0; m < m1; m += MR) {
                int s = m / MR;
                Strip room = new Strip(columns, s * stride(K), runs, s * runStride(K), 0);
                packed[s] = room.withRunCount(packA(a, null, m, Math.min(MR, m1 - m), K, room, scratch));
            }
        }
    }
}
