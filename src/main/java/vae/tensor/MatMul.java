package vae.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The matrix product behind the three linear-layer kernels: {@code C (M, N) = C0 + A (M, K) · B (K, N)}.
 * A and B are read through two strides each, element {@code (m, k)} of A at {@code a[m·aRow + k·aK]},
 * so that they can be x, w, wᵀ, dy or dyᵀ as they lie in memory. C is row-major; row m of C0 starts
 * at {@code c0[m·c0Row]}, so that C0 can be C itself (to accumulate), the bias ({@code c0Row = 0}) or
 * zeros, without a pass over C to prepare it.
 *
 * <p>Every element of C is one chain of fused multiply-adds in the order {@code k = 0, 1, …, K-1},
 * starting from C0's element. {@link #multiplyNaive} says exactly that in three loops;
 * {@link #multiply} computes the same numbers, bit for bit, eight rows and three vectors of columns
 * at a time, for any range of rows it is given, so the thread split cannot change them.
 *
 * <p>The fast path copies both operands first, as BLAS libraries do: B into panels three vectors
 * wide ({@link #packB}), eight rows of A at a time into a strip ({@link #packA}), zero-padded at
 * the edges. Then the micro-kernel reads memory in order, with fixed strides whose bounds checks
 * the JIT can lift out of the loop, and never meets an edge: edges are dealt with when C is stored.
 *
 * <p>Packing A also leaves out every column k in which all eight rows are zero, and the micro-kernel
 * then skips row k of B: a multiply-add of a zero adds nothing, so every sum stays the same, bit for
 * bit. The seed's data is full of such zeros: an MNIST digit leaves most of its 28×28 frame blank,
 * and about half the pixels are blank in all eight images of a strip.
 */
final class MatMul {
    static final VectorSpecies<Float> SPECIES = VectorWidth.SPECIES;
    static final int L = SPECIES.length();
    /** Rows of C per micro-kernel; row ranges handed to threads are cut on multiples of it. */
    static final int MR = 8;
    /** Vectors of C per micro-kernel row: as many as the registers hold (see {@link #tileVectors}). */
    static final int NV = tileVectors(L, System.getProperty("vae.tile.vectors"));
    /** Columns of C per micro-kernel. The last panels of B are one vector wide. */
    static final int NR = NV * L;
    /**
     * One column of a strip of A is MR floats: one vector of this species, or MR / L vectors where
     * a vector is narrower than that.
     */
    private static final VectorSpecies<Float> COLUMN =
            L >= MR ? VectorSpecies.of(float.class, VectorShape.forBitSize(MR * Float.SIZE)) : SPECIES;
    private static final int CL = COLUMN.length();

    //> kernels-fast tile
    // The tile of C that the micro-kernel keeps in registers is MR = 8 rows by NV vectors: its
    // accumulators, NV vectors of B and a broadcast of A must all fit in the vector registers, or
    // the JIT spills accumulators to memory at every step. AVX-512 has 32 of them, and 8×3
    // (24 + 3 + 1 = 28) fits. AVX2 and x86's 128-bit vectors have 16: there the tile is 8×2,
    // computed as two halves of 4×2 (8 + 2 + 1 registers each), which measured fastest on Zen 3
    // (lesson 13); 8×3 and 8×2 in one piece spill. ARM's NEON has 32 registers of 128 bits but
    // has not been measured here, so it takes 8×2 in halves too. -Dvae.tile.vectors=1, 2 or 3
    // overrides the choice, to measure (1: 8×1 in one piece).
    static int tileVectors(int lanes, String override) {
        if (override == null || override.isBlank()) {
            return lanes >= 16 ? 3 : 2;
        }
        return switch (override.trim()) {
            case "1" -> 1;
            case "2" -> 2;
            case "3" -> 3;
            default -> throw new IllegalArgumentException("-Dvae.tile.vectors=" + override + ": a tile is 1, 2 or 3 vectors wide");
        };
    }
    //< kernels-fast tile

    private MatMul() {
    }

    /** Buffers of one thread: a strip of A and its live columns, a tile of C for the edges, zeros, gather maps. */
    static final class Scratch {
        private float[] a = new float[0];
        private int[] runs = new int[0];
        private float[] strip = new float[0];
        private float[] zeros = new float[0];
        private final float[] tile = new float[MR * NR];
        private final int[] rowAt = new int[MR], rowOf = new int[MR];
        private final int[] strided = new int[Math.max(L, MR)], rowMap = new int[MR];
        private int stridedRow = -1;

        float[] a(int size) {
            if (a.length < size) {
                a = new float[size];
            }
            return a;
        }

        float[] strip(int size) {
            if (strip.length < size) {
                strip = new float[size];
            }
            return strip;
        }

        int[] runs(int size) {
            if (runs.length < size) {
                runs = new int[size];
            }
            return runs;
        }

        /** At least {@code n} zeros: a C0 of zeros, with row stride 0. */
        float[] zeros(int n) {
            if (zeros.length < n) {
                zeros = new float[n];
            }
            return zeros;
        }

        /** Lane {@code j} reads element {@code j·row}: the gather map of a column, or of rows {@code row} apart. */
        int[] strided(int row) {
            if (stridedRow != row) {
                for (int j = 0; j < strided.length; j++) {
                    strided[j] = j * row;
                }
                stridedRow = row;
            }
            return strided;
        }

        /** Lane {@code i} reads row {@code rowIds[r + i]}, rows {@code row} apart: the gather map of listed rows. */
        int[] rowMap(int[] rowIds, int r, int row) {
            for (int i = 0; i < MR; i++) {
                rowMap[i] = rowIds[r + i] * row;
            }
            return rowMap;
        }
    }

    // ---- the definition ----------------------------------------------------------------------

    //> kernels-fast matmul-naive
    // a is read as (M, K) with strides aRow, aK; b as (K, N) with strides bK, bN; c is (M, N) with
    // row stride ldc; c0 is read as (M, N) with row stride c0Row
    static void multiplyNaive(float[] a, int aRow, int aK, float[] b, int bK, int bN, float[] c, int ldc,
                              float[] c0, int c0Row, int M, int N, int K) {
        for (int m = 0; m < M; m++) {
            for (int n = 0; n < N; n++) {
                float sum = c0[m * c0Row + n];
                for (int k = 0; k < K; k++) {
                    sum = Math.fma(a[m * aRow + k * aK], b[k * bK + n * bN], sum);
                }
                c[m * ldc + n] = sum;
            }
        }
    }
    //< kernels-fast matmul-naive

    // ---- packing -----------------------------------------------------------------------------

    /**
     * Where the first panel starts in a packed B: on a cache line where the JVM's options let it
     * know where lines are ({@link Alignment}), so that no load of the micro-kernel straddles two
     * lines; otherwise at 0. Every panel is a multiple of 16 floats long, so all of them start on a line.
     */
    static final int BASE = Alignment.FIRST_LINE;

    /** Floats that B (K, N) takes packed: {@code K} times N rounded up to a whole vector, after {@link #BASE}. */
    static int packedSize(int K, int N) {
        return BASE + K * ((N + L - 1) / L * L);
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
    // b is read as (K, N) with strides bK, bN. The panel of the columns [n, n + w) goes to
    // bp[BASE + n·K ..] as K rows of w floats, zero past column N. Panels starting in [n0, n1), n0 on a panel.
    static void packB(float[] b, int bK, int bN, int K, int N, float[] bp, int n0, int n1, Scratch scratch) {
        for (int n = n0; n < n1; n += panelWidth(n, N)) {
            int w = panelWidth(n, N), p = BASE + n * K;
            if (n + w <= N && bN == 1) {                 // rows of B are rows of the panel
                for (int k = 0; k < K; k++) {
                    for (int v = 0; v < w; v += L) {
                        FloatVector.fromArray(SPECIES, b, k * bK + n + v).intoArray(bp, p + k * w + v);
                    }
                }
            } else if (n + w <= N && bK == 1) {          // columns of B are rows in memory: gather
                int[] map = scratch.strided(bN);
                for (int k = 0; k < K; k++) {
                    for (int v = 0; v < w; v += L) {
                        FloatVector.fromArray(SPECIES, b, k + (n + v) * bN, map, 0).intoArray(bp, p + k * w + v);
                    }
                }
            } else {                                      // the edge, or odd strides
                int cols = Math.min(w, N - n);
                for (int k = 0; k < K; k++) {
                    for (int j = 0; j < cols; j++) {
                        bp[p + k * w + j] = b[k * bK + (n + j) * bN];
                    }
                    for (int j = cols; j < w; j++) {
                        bp[p + k * w + j] = 0f;
                    }
                }
            }
        }
    }

    // B = w (OUT, IN) of dx = dy·w, read from w's panels (PanelTensor: element (o, i) at
    // wp[BASE + u·IN + i·uw + (o - u)] for o in the panel [u, u + uw)), packed as packB packs it:
    // the panel of the columns [n, n + w) to bp[BASE + n·OUT ..] as OUT rows of w floats. A row of
    // the panel is w numbers uw apart: a gather. Panels starting in [n0, n1), n0 on a panel.
    static void packFromPanels(float[] wp, int OUT, int IN, float[] bp, int n0, int n1, Scratch scratch) {
        for (int n = n0; n < n1; n += panelWidth(n, IN)) {
            int w = panelWidth(n, IN), p = BASE + n * OUT, cols = Math.min(w, IN - n);
            for (int u = 0; u < OUT; u += panelWidth(u, OUT)) {
                int uw = panelWidth(u, OUT), units = Math.min(uw, OUT - u);
                int[] map = scratch.strided(uw);            // lane j reads element j·uw
                for (int o = u; o < u + units; o++) {
                    int from = BASE + u * IN + (o - u), to = p + o * w;
                    if (cols == w) {
                        for (int v = 0; v < w; v += L) {
                            FloatVector.fromArray(SPECIES, wp, from + (n + v) * uw, map, 0).intoArray(bp, to + v);
                        }
                    } else {                                  // the edge: past column IN, zeros
                        for (int j = 0; j < w; j++) {
                            bp[to + j] = j < cols ? wp[from + (n + j) * uw] : 0f;
                        }
                    }
                }
            }
        }
    }

    // Rows m, m + 1, … of A (rows ≤ MR of them; or, given a list, rowIds[m], rowIds[m + 1], …) go to
    // ap as columns of MR floats, column k at ap[aOff + k·MR ..], zero past the last row. Returns the
    // runs of columns in which some row is not zero, as [start, end) pairs at runs[runsOff ..]: the
    // micro-kernel multiplies those and skips the rest, for a product with 0 changes no sum. Two
    // runs closer than GAP columns are one: a short stretch of zeros costs less to multiply than
    // to step over. ap needs room for K·MR floats from aOff, runs for K + 1 pairs.
    // A column of the strip is MR floats: one vector of COLUMN (two or four where vectors are
    // narrower). Where the rows are next to each other in memory (aRow = 1: A is a transpose, as xᵀ
    // in a weight gradient) it is loaded; otherwise gathered from MR rows.
    static int packA(float[] a, int aRow, int aK, int[] rowIds, int m, int rows, int K, float[] ap, int aOff,
                     int[] runs, int runsOff, Scratch scratch) {
        int r = 0, k = 0;
        if (rows == MR) {
            boolean gather = aRow != 1 || rowIds != null;
            int base = rowIds == null ? m * aRow : 0;
            int[] map = !gather ? null : rowIds == null ? scratch.strided(aRow) : scratch.rowMap(rowIds, m, aRow);
            for (; k < K; k++) {
                boolean nonzero = false;
                for (int v = 0; v < MR; v += CL) {
                    FloatVector part = gather ? FloatVector.fromArray(COLUMN, a, base + k * aK, map, v)
                            : FloatVector.fromArray(COLUMN, a, m + k * aK + v);
                    part.intoArray(ap, aOff + k * MR + v);
                    nonzero |= part.compare(VectorOperators.NE, 0f).anyTrue();
                }
                if (nonzero) {
                    r = addToRuns(runs, runsOff, r, k);
                }
            }
        }
        for (; k < K; k++) {                  // fewer than MR rows: the edge of A
            boolean nonzero = false;
            for (int i = 0; i < MR; i++) {
                float x = i < rows ? a[(rowIds == null ? m + i : rowIds[m + i]) * aRow + k * aK] : 0f;
                ap[aOff + k * MR + i] = x;
                nonzero |= x != 0f;
            }
            if (nonzero) {
                r = addToRuns(runs, runsOff, r, k);
            }
        }
        return r;
    }

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
    //< kernels-fast pack

    // ---- the blocked product -----------------------------------------------------------------

    //> kernels-fast matmul-blocked
    // rows [m0, m1) of c (M, N) = c0 + a (M, K) · b (K, N), b packed by packB, strides as in multiplyNaive
    static void multiply(float[] a, int aRow, int aK, float[] bp, float[] c, int ldc, float[] c0, int c0Row,
                         int m0, int m1, int N, int K, Scratch scratch) {
        if (N <= NARROW) {
            multiplyNarrow(a, aRow, aK, null, m0, m1, bp, c, ldc, c0, c0Row, N, K, scratch);
            return;
        }
        float[] ap = scratch.a(K * MR + L);
        int[] runs = scratch.runs(2 * K + 2);
        for (int m = m0; m < m1; m += MR) {
            int rows = Math.min(MR, m1 - m);
            int count = packA(a, aRow, aK, null, m, rows, K, ap, 0, runs, 0, scratch);   // eight rows of A, read once
            stripTimesPanels(ap, 0, runs, 0, count, m, rows, bp, 0, N, N, K, c, ldc, 0, c0, c0Row, scratch.tile);
        }
    }

    // As multiply, for the rows of c that rowIds[0 .. count) lists, with one row of C0 for all rows
    // (c0Row = 0): eight listed rows make a strip, computed whole into a buffer, then copied to its
    // rows. Rows it does not list are left as they are.
    static void multiplyRows(float[] a, int aRow, int aK, float[] bp, float[] c, int ldc, float[] c0,
                             int[] rowIds, int count, int N, int K, Scratch scratch) {
        if (N <= NARROW) {
            multiplyNarrow(a, aRow, aK, rowIds, 0, count, bp, c, ldc, c0, 0, N, K, scratch);
            return;
        }
        float[] ap = scratch.a(K * MR + L), strip = scratch.strip(MR * N);
        int[] runs = scratch.runs(2 * K + 2);
        for (int r = 0; r < count; r += MR) {
            int rows = Math.min(MR, count - r);
            int runCount = packA(a, aRow, aK, rowIds, r, rows, K, ap, 0, runs, 0, scratch);
            stripTimesPanels(ap, 0, runs, 0, runCount, 0, MR, bp, 0, N, N, K, strip, N, 0, c0, 0, scratch.tile);
            for (int i = 0; i < rows; i++) {
                System.arraycopy(strip, i * N, c, rowIds[r + i] * ldc, N);
            }
        }
    }

    // As multiply (or multiplyRows, given rowIds), when C is narrow (N ≤ NARROW): A is read where it
    // lies, eight rows at a time, and not packed, against each panel of B (one vector wide) in turn.
    // Each number of A meets at most 16 of B, so copying it first would cost more than the product;
    // and nothing is skipped. Each tile goes through the buffer, as an edge tile does.
    private static void multiplyNarrow(float[] a, int aRow, int aK, int[] rowIds, int m0, int m1, float[] bp,
                                       float[] c, int ldc, float[] c0, int c0Row, int N, int K, Scratch scratch) {
        float[] tile = scratch.tile;
        int[] rowAt = scratch.rowAt, rowOf = scratch.rowOf;
        for (int m = m0; m < m1; m += MR) {
            int rows = Math.min(MR, m1 - m);
            for (int i = 0; i < MR; i++) {                // past the last row, the first again: its result is dropped
                int row = rowIds == null ? m + (i < rows ? i : 0) : rowIds[m + (i < rows ? i : 0)];
                rowOf[i] = row;
                rowAt[i] = row * aRow;
            }
            for (int n = 0; n < N; n += L) {              // a vector of columns at a time, of the panel that holds them
                int cols = Math.min(L, N - n), panel = panelOf(n, N), w = panelWidth(panel, N);
                for (int i = 0; i < MR; i++) {
                    System.arraycopy(c0, rowOf[i] * c0Row + n, tile, i * L, cols);
                }
                kernel8x1InPlace(a, rowAt, aK, bp, BASE + panel * K + (n - panel), w, tile, K);
                for (int i = 0; i < rows; i++) {
                    System.arraycopy(tile, i * L, c, rowOf[i] * ldc + n, cols);
                }
            }
        }
    }

    /** A (M, K) packed whole, a strip of MR rows after another, for products split over columns. */
    static final class Strips {
        float[] ap = new float[0];   // strip s at ap[s·stride(K) ..]: its columns, MR floats each
        int[] runs = new int[0];     // strip s's runs of columns with a nonzero at runs[s·runStride(K) ..]
        int[] runCount = new int[0]; // how many runs strip s has

        static int stride(int K) {
            return K * MR + L;
        }

        static int runStride(int K) {
            return 2 * K + 2;
        }

        /** Makes room for M rows of K columns. */
        Strips size(int M, int K) {
            int strips = (M + MR - 1) / MR;
            if (ap.length < strips * stride(K)) {
                ap = new float[strips * stride(K)];
            }
            if (runs.length < strips * runStride(K)) {
                runs = new int[strips * runStride(K)];
            }
            if (runCount.length < strips) {
                runCount = new int[strips];
            }
            return this;
        }
    }

    // Packs rows [m0, m1) of A (m0 on a strip, m1 on a strip or at the last row) into p, as packA
    // packs one strip.
    static void packStrips(float[] a, int aRow, int aK, int m0, int m1, int K, Strips p, Scratch scratch) {
        for (int m = m0; m < m1; m += MR) {
            int s = m / MR;
            p.runCount[s] = packA(a, aRow, aK, null, m, Math.min(MR, m1 - m), K, p.ap, s * Strips.stride(K),
                    p.runs, s * Strips.runStride(K), scratch);
        }
    }

    /**
     * Floats of B that one pass over every strip of A multiplies: a block of panels that stays in
     * the core's second-level cache (512 KB on Zen 3, 1-2 MB on recent Intel) while the strips go by.
     */
    static final int BLOCK_FLOATS = 48 * 1024;
    /**
     * A product whose C is at most this many columns reads A where it lies, one panel of B (one
     * vector wide) after another, and packs nothing: each number of A meets so few of B that
     * copying it first would cost more than the product. Sixteen, at every width, so that which
     * products pack and which weights are kept in panels does not depend on the machine.
     */
    static final int NARROW = 16;

    // columns [n0, n1) of c (M, N) = c0 + a · b, n0 on a panel: a packed by packStrips, b by packB.
    // A block of panels at a time (BLOCK_FLOATS), and for each strip its tiles of that block: the
    // block stays in this thread's cache. With cInPanels, c is not row-major but laid out as packB
    // lays out B, panel after panel, which is the layout of a PanelTensor's transpose: a weight's
    // gradient dwᵀ = xᵀ·dy goes straight into it.
    static void multiplyColumns(Strips a, int M, float[] bp, float[] c, int ldc, boolean cInPanels, float[] c0, int c0Row,
                                int n0, int n1, int N, int K, Scratch scratch) {
        int block = Math.max(1, BLOCK_FLOATS / (K * NR)) * NR;   // whole wide panels: the block's end is a panel's start
        for (int b0 = n0; b0 < n1; b0 += block) {
            int b1 = Math.min(n1, b0 + block);
            for (int m = 0; m < M; m += MR) {
                int s = m / MR;
                stripTimesPanels(a.ap, s * Strips.stride(K), a.runs, s * Strips.runStride(K), a.runCount[s], m, Math.min(MR, M - m), bp, b0, b1, N, K,
                        c, ldc, cInPanels ? M : 0, c0, c0Row, scratch.tile);
            }
        }
    }

    // Rows [m, m + rows) of c = c0 + A·B in the columns [n0, n1), n0 on a panel: the strip of A packed
    // at ap[ai ..] (its kept columns listed at ks[ksi ..], or all of them if ks is null) against
    // each panel of B, a micro-kernel call per tile. C is row-major (row stride ldc), or, given
    // cPanelRows = M, in panels as packB lays out a (M, N) B: the tile at (m, n) at c[BASE + n·M + m·w ..], rows w apart
    private static void stripTimesPanels(float[] ap, int ai, int[] runs, int ri, int runCount, int m, int rows, float[] bp,
                                         int n0, int n1, int N, int K, float[] c, int ldc, int cPanelRows,
                                         float[] c0, int c0Row, float[] tile) {
        for (int n = n0; n < n1; n += panelWidth(n, N)) {
            int w = panelWidth(n, N);
            int ci = cPanelRows > 0 ? BASE + n * cPanelRows + m * w : m * ldc + n, cRow = cPanelRows > 0 ? w : ldc;
            if (rows == MR && n + w <= N) {
                kernel(w, ap, ai, bp, BASE + n * K, runs, ri, runCount, c, ci, cRow, c0, m * c0Row + n, c0Row);
            } else {
                edgeTile(w, ap, ai, bp, BASE + n * K, runs, ri, runCount, c, ci, cRow, c0, m * c0Row + n, c0Row,
                        rows, Math.min(w, N - n), tile);
            }
        }
    }

    // the micro-kernel for a panel w wide, over the runs of the strip's columns that runs[ri ..] lists
    // (none: C is C0). One run, as for a dense operand, is a plain loop from k0 to k1; several go
    // through the kernels that jump from run to run in the same loop, the sums staying in registers.
    private static void kernel(int w, float[] ap, int ai, float[] bp, int bi, int[] runs, int ri, int runCount,
                               float[] c, int ci, int ldc, float[] c0, int c0i, int c0Row) {
        if (runCount <= 1) {
            int k0 = runCount == 0 ? 0 : runs[ri], k1 = runCount == 0 ? 0 : runs[ri + 1];
            if (w == L) {
                kernel8x1(ap, ai, bp, bi, k0, k1, c, ci, ldc, c0, c0i, c0Row);
            } else if (NV == 2) {
                kernel4x2(ap, ai, bp, bi, k0, k1, c, ci, ldc, c0, c0i, c0Row);
                kernel4x2(ap, ai + 4, bp, bi, k0, k1, c, ci + 4 * ldc, ldc, c0, c0i + 4 * c0Row, c0Row);
            } else {
                kernel8x3(ap, ai, bp, bi, k0, k1, c, ci, ldc, c0, c0i, c0Row);
            }
        } else if (w == L) {
            kernel8x1Runs(ap, ai, bp, bi, runs, ri, runCount, c, ci, ldc, c0, c0i, c0Row);
        } else if (NV == 2) {
            kernel4x2Runs(ap, ai, bp, bi, runs, ri, runCount, c, ci, ldc, c0, c0i, c0Row);
            kernel4x2Runs(ap, ai + 4, bp, bi, runs, ri, runCount, c, ci + 4 * ldc, ldc, c0, c0i + 4 * c0Row, c0Row);
        } else {
            kernel8x3Runs(ap, ai, bp, bi, runs, ri, runCount, c, ci, ldc, c0, c0i, c0Row);
        }
    }

    /** A tile that sticks out past row M or column N: computed in a buffer, then its inside copied. */
    // (rows and cols of it inside C; its C starts at c[ci], rows cRow apart, and its C0 at c0[c0i], rows c0Row apart)
    private static void edgeTile(int w, float[] ap, int ai, float[] bp, int bi, int[] runs, int ri, int runCount,
                                 float[] c, int ci, int cRow, float[] c0, int c0i, int c0Row, int rows, int cols, float[] tile) {
        for (int i = 0; i < rows; i++) {
            System.arraycopy(c0, c0i + i * c0Row, tile, i * w, cols);
        }
        kernel(w, ap, ai, bp, bi, runs, ri, runCount, tile, 0, w, tile, 0, w);
        for (int i = 0; i < rows; i++) {
            System.arraycopy(tile, i * w, c, ci + i * cRow, cols);
        }
    }
    //< kernels-fast matmul-blocked

    // Half of an 8×2 tile: rows 0-3 of the strip at ap[a0 ..], or rows 4-7 at ap[a0 + 4 ..] (its
    // columns still MR floats apart), against a panel two vectors wide; 8 accumulators. For
    // machines with 16 vector registers, where 8×2 in one piece (19 registers) spills.
    private static void kernel4x2(float[] ap, int a0, float[] bp, int bi, int k0, int k1,
                                  float[] c, int ci, int ldc, float[] c0, int c0i, int c0Row) {
        int i0 = c0i, i1 = i0 + c0Row, i2 = i1 + c0Row, i3 = i2 + c0Row;
        FloatVector s00 = FloatVector.fromArray(SPECIES, c0, i0), s01 = FloatVector.fromArray(SPECIES, c0, i0 + L);
        FloatVector s10 = FloatVector.fromArray(SPECIES, c0, i1), s11 = FloatVector.fromArray(SPECIES, c0, i1 + L);
        FloatVector s20 = FloatVector.fromArray(SPECIES, c0, i2), s21 = FloatVector.fromArray(SPECIES, c0, i2 + L);
        FloatVector s30 = FloatVector.fromArray(SPECIES, c0, i3), s31 = FloatVector.fromArray(SPECIES, c0, i3 + L);
        for (int k = k0; k < k1; k++) {
            int ai = a0 + k * MR, bk = bi + k * 2 * L;
            FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bk), b1 = FloatVector.fromArray(SPECIES, bp, bk + L);
            FloatVector x = FloatVector.broadcast(SPECIES, ap[ai]);
            s00 = x.fma(b0, s00); s01 = x.fma(b1, s01);
            x = FloatVector.broadcast(SPECIES, ap[ai + 1]);
            s10 = x.fma(b0, s10); s11 = x.fma(b1, s11);
            x = FloatVector.broadcast(SPECIES, ap[ai + 2]);
            s20 = x.fma(b0, s20); s21 = x.fma(b1, s21);
            x = FloatVector.broadcast(SPECIES, ap[ai + 3]);
            s30 = x.fma(b0, s30); s31 = x.fma(b1, s31);
        }
        int o0 = ci, o1 = o0 + ldc, o2 = o1 + ldc, o3 = o2 + ldc;
        s00.intoArray(c, o0); s01.intoArray(c, o0 + L);
        s10.intoArray(c, o1); s11.intoArray(c, o1 + L);
        s20.intoArray(c, o2); s21.intoArray(c, o2 + L);
        s30.intoArray(c, o3); s31.intoArray(c, o3 + L);
    }

    private static void kernel4x2Runs(float[] ap, int a0, float[] bp, int bi, int[] runs, int r0, int runCount,
                                  float[] c, int ci, int ldc, float[] c0, int c0i, int c0Row) {
        int i0 = c0i, i1 = i0 + c0Row, i2 = i1 + c0Row, i3 = i2 + c0Row;
        FloatVector s00 = FloatVector.fromArray(SPECIES, c0, i0), s01 = FloatVector.fromArray(SPECIES, c0, i0 + L);
        FloatVector s10 = FloatVector.fromArray(SPECIES, c0, i1), s11 = FloatVector.fromArray(SPECIES, c0, i1 + L);
        FloatVector s20 = FloatVector.fromArray(SPECIES, c0, i2), s21 = FloatVector.fromArray(SPECIES, c0, i2 + L);
        FloatVector s30 = FloatVector.fromArray(SPECIES, c0, i3), s31 = FloatVector.fromArray(SPECIES, c0, i3 + L);
        int r = r0, rEnd = r0 + 2 * runCount;
        int k = runs[r], end = runs[r + 1];
        while (k < end) {
            int ai = a0 + k * MR, bk = bi + k * 2 * L;
            FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bk), b1 = FloatVector.fromArray(SPECIES, bp, bk + L);
            FloatVector x = FloatVector.broadcast(SPECIES, ap[ai]);
            s00 = x.fma(b0, s00); s01 = x.fma(b1, s01);
            x = FloatVector.broadcast(SPECIES, ap[ai + 1]);
            s10 = x.fma(b0, s10); s11 = x.fma(b1, s11);
            x = FloatVector.broadcast(SPECIES, ap[ai + 2]);
            s20 = x.fma(b0, s20); s21 = x.fma(b1, s21);
            x = FloatVector.broadcast(SPECIES, ap[ai + 3]);
            s30 = x.fma(b0, s30); s31 = x.fma(b1, s31);
            if (++k == end && (r += 2) < rEnd) {      // the run ends: on to the next
                k = runs[r];
                end = runs[r + 1];
            }
        }
        int o0 = ci, o1 = o0 + ldc, o2 = o1 + ldc, o3 = o2 + ldc;
        s00.intoArray(c, o0); s01.intoArray(c, o0 + L);
        s10.intoArray(c, o1); s11.intoArray(c, o1 + L);
        s20.intoArray(c, o2); s21.intoArray(c, o2 + L);
        s30.intoArray(c, o3); s31.intoArray(c, o3 + L);
    }

    //> kernels-fast micro-kernel
    // c[ci ..] (8 rows of stride ldc, 3 vectors wide) = c0[c0i ..] (row stride c0Row) + A · B over the
    // columns k0 ≤ k < k1 of A, where ap[a0 ..] holds the 8 rows of A as columns of 8 and bp[bi ..]
    // the panel of B as rows of 3 vectors.
    // 24 accumulators stay in registers; each step loads 3 vectors of B, broadcasts 8 numbers of A
    // and does 24 fused multiply-adds.
    private static void kernel8x3(float[] ap, int a0, float[] bp, int bi, int k0, int k1,
                                  float[] c, int ci, int ldc, float[] c0, int c0i, int c0Row) {
        int i0 = c0i, i1 = i0 + c0Row, i2 = i1 + c0Row, i3 = i2 + c0Row, i4 = i3 + c0Row, i5 = i4 + c0Row, i6 = i5 + c0Row, i7 = i6 + c0Row;
        FloatVector s00 = FloatVector.fromArray(SPECIES, c0, i0), s01 = FloatVector.fromArray(SPECIES, c0, i0 + L), s02 = FloatVector.fromArray(SPECIES, c0, i0 + 2 * L);
        FloatVector s10 = FloatVector.fromArray(SPECIES, c0, i1), s11 = FloatVector.fromArray(SPECIES, c0, i1 + L), s12 = FloatVector.fromArray(SPECIES, c0, i1 + 2 * L);
        FloatVector s20 = FloatVector.fromArray(SPECIES, c0, i2), s21 = FloatVector.fromArray(SPECIES, c0, i2 + L), s22 = FloatVector.fromArray(SPECIES, c0, i2 + 2 * L);
        FloatVector s30 = FloatVector.fromArray(SPECIES, c0, i3), s31 = FloatVector.fromArray(SPECIES, c0, i3 + L), s32 = FloatVector.fromArray(SPECIES, c0, i3 + 2 * L);
        FloatVector s40 = FloatVector.fromArray(SPECIES, c0, i4), s41 = FloatVector.fromArray(SPECIES, c0, i4 + L), s42 = FloatVector.fromArray(SPECIES, c0, i4 + 2 * L);
        FloatVector s50 = FloatVector.fromArray(SPECIES, c0, i5), s51 = FloatVector.fromArray(SPECIES, c0, i5 + L), s52 = FloatVector.fromArray(SPECIES, c0, i5 + 2 * L);
        FloatVector s60 = FloatVector.fromArray(SPECIES, c0, i6), s61 = FloatVector.fromArray(SPECIES, c0, i6 + L), s62 = FloatVector.fromArray(SPECIES, c0, i6 + 2 * L);
        FloatVector s70 = FloatVector.fromArray(SPECIES, c0, i7), s71 = FloatVector.fromArray(SPECIES, c0, i7 + L), s72 = FloatVector.fromArray(SPECIES, c0, i7 + 2 * L);
        for (int k = k0; k < k1; k++) {
            int ai = a0 + k * MR, bk = bi + k * 3 * L;
            FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bk), b1 = FloatVector.fromArray(SPECIES, bp, bk + L), b2 = FloatVector.fromArray(SPECIES, bp, bk + 2 * L);
            FloatVector x = FloatVector.broadcast(SPECIES, ap[ai]);
            s00 = x.fma(b0, s00); s01 = x.fma(b1, s01); s02 = x.fma(b2, s02);
            x = FloatVector.broadcast(SPECIES, ap[ai + 1]);
            s10 = x.fma(b0, s10); s11 = x.fma(b1, s11); s12 = x.fma(b2, s12);
            x = FloatVector.broadcast(SPECIES, ap[ai + 2]);
            s20 = x.fma(b0, s20); s21 = x.fma(b1, s21); s22 = x.fma(b2, s22);
            x = FloatVector.broadcast(SPECIES, ap[ai + 3]);
            s30 = x.fma(b0, s30); s31 = x.fma(b1, s31); s32 = x.fma(b2, s32);
            x = FloatVector.broadcast(SPECIES, ap[ai + 4]);
            s40 = x.fma(b0, s40); s41 = x.fma(b1, s41); s42 = x.fma(b2, s42);
            x = FloatVector.broadcast(SPECIES, ap[ai + 5]);
            s50 = x.fma(b0, s50); s51 = x.fma(b1, s51); s52 = x.fma(b2, s52);
            x = FloatVector.broadcast(SPECIES, ap[ai + 6]);
            s60 = x.fma(b0, s60); s61 = x.fma(b1, s61); s62 = x.fma(b2, s62);
            x = FloatVector.broadcast(SPECIES, ap[ai + 7]);
            s70 = x.fma(b0, s70); s71 = x.fma(b1, s71); s72 = x.fma(b2, s72);
        }
        int o0 = ci, o1 = o0 + ldc, o2 = o1 + ldc, o3 = o2 + ldc, o4 = o3 + ldc, o5 = o4 + ldc, o6 = o5 + ldc, o7 = o6 + ldc;
        s00.intoArray(c, o0); s01.intoArray(c, o0 + L); s02.intoArray(c, o0 + 2 * L);
        s10.intoArray(c, o1); s11.intoArray(c, o1 + L); s12.intoArray(c, o1 + 2 * L);
        s20.intoArray(c, o2); s21.intoArray(c, o2 + L); s22.intoArray(c, o2 + 2 * L);
        s30.intoArray(c, o3); s31.intoArray(c, o3 + L); s32.intoArray(c, o3 + 2 * L);
        s40.intoArray(c, o4); s41.intoArray(c, o4 + L); s42.intoArray(c, o4 + 2 * L);
        s50.intoArray(c, o5); s51.intoArray(c, o5 + L); s52.intoArray(c, o5 + 2 * L);
        s60.intoArray(c, o6); s61.intoArray(c, o6 + L); s62.intoArray(c, o6 + 2 * L);
        s70.intoArray(c, o7); s71.intoArray(c, o7 + L); s72.intoArray(c, o7 + 2 * L);
    }
    //< kernels-fast micro-kernel

    // the same, one vector wide: the last panels of B
    private static void kernel8x1(float[] ap, int a0, float[] bp, int bi, int k0, int k1,
                                  float[] c, int ci, int ldc, float[] c0, int c0i, int c0Row) {
        FloatVector s0 = FloatVector.fromArray(SPECIES, c0, c0i), s1 = FloatVector.fromArray(SPECIES, c0, c0i + c0Row);
        FloatVector s2 = FloatVector.fromArray(SPECIES, c0, c0i + 2 * c0Row), s3 = FloatVector.fromArray(SPECIES, c0, c0i + 3 * c0Row);
        FloatVector s4 = FloatVector.fromArray(SPECIES, c0, c0i + 4 * c0Row), s5 = FloatVector.fromArray(SPECIES, c0, c0i + 5 * c0Row);
        FloatVector s6 = FloatVector.fromArray(SPECIES, c0, c0i + 6 * c0Row), s7 = FloatVector.fromArray(SPECIES, c0, c0i + 7 * c0Row);
        for (int k = k0; k < k1; k++) {
            int ai = a0 + k * MR;
            FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bi + k * L);
            s0 = FloatVector.broadcast(SPECIES, ap[ai]).fma(b0, s0);
            s1 = FloatVector.broadcast(SPECIES, ap[ai + 1]).fma(b0, s1);
            s2 = FloatVector.broadcast(SPECIES, ap[ai + 2]).fma(b0, s2);
            s3 = FloatVector.broadcast(SPECIES, ap[ai + 3]).fma(b0, s3);
            s4 = FloatVector.broadcast(SPECIES, ap[ai + 4]).fma(b0, s4);
            s5 = FloatVector.broadcast(SPECIES, ap[ai + 5]).fma(b0, s5);
            s6 = FloatVector.broadcast(SPECIES, ap[ai + 6]).fma(b0, s6);
            s7 = FloatVector.broadcast(SPECIES, ap[ai + 7]).fma(b0, s7);
        }
        s0.intoArray(c, ci); s1.intoArray(c, ci + ldc); s2.intoArray(c, ci + 2 * ldc); s3.intoArray(c, ci + 3 * ldc);
        s4.intoArray(c, ci + 4 * ldc); s5.intoArray(c, ci + 5 * ldc); s6.intoArray(c, ci + 6 * ldc); s7.intoArray(c, ci + 7 * ldc);
    }

    // The two kernels again, over the runs of columns that runs[r0 ..] lists (at least one): the same
    // multiply-adds in the same order, less those whose product is a zero. k jumps to the next run
    // within the one loop, so the sums stay in registers (JDK 17 boxes vectors that an outer loop
    // carries). They stay apart from the plain kernels, whose counted loop the JIT compiles without
    // bounds checks: a dense operand through these ran at a third of the speed on JDK 17.
    private static void kernel8x1Runs(float[] ap, int a0, float[] bp, int bi, int[] runs, int r0, int runCount,
                                      float[] c, int ci, int ldc, float[] c0, int c0i, int c0Row) {
        FloatVector s0 = FloatVector.fromArray(SPECIES, c0, c0i), s1 = FloatVector.fromArray(SPECIES, c0, c0i + c0Row);
        FloatVector s2 = FloatVector.fromArray(SPECIES, c0, c0i + 2 * c0Row), s3 = FloatVector.fromArray(SPECIES, c0, c0i + 3 * c0Row);
        FloatVector s4 = FloatVector.fromArray(SPECIES, c0, c0i + 4 * c0Row), s5 = FloatVector.fromArray(SPECIES, c0, c0i + 5 * c0Row);
        FloatVector s6 = FloatVector.fromArray(SPECIES, c0, c0i + 6 * c0Row), s7 = FloatVector.fromArray(SPECIES, c0, c0i + 7 * c0Row);
        int r = r0, rEnd = r0 + 2 * runCount;
        int k = runs[r], end = runs[r + 1];
        while (k < end) {
            int ai = a0 + k * MR;
            FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bi + k * L);
            s0 = FloatVector.broadcast(SPECIES, ap[ai]).fma(b0, s0);
            s1 = FloatVector.broadcast(SPECIES, ap[ai + 1]).fma(b0, s1);
            s2 = FloatVector.broadcast(SPECIES, ap[ai + 2]).fma(b0, s2);
            s3 = FloatVector.broadcast(SPECIES, ap[ai + 3]).fma(b0, s3);
            s4 = FloatVector.broadcast(SPECIES, ap[ai + 4]).fma(b0, s4);
            s5 = FloatVector.broadcast(SPECIES, ap[ai + 5]).fma(b0, s5);
            s6 = FloatVector.broadcast(SPECIES, ap[ai + 6]).fma(b0, s6);
            s7 = FloatVector.broadcast(SPECIES, ap[ai + 7]).fma(b0, s7);
            if (++k == end && (r += 2) < rEnd) {      // the run ends: on to the next
                k = runs[r];
                end = runs[r + 1];
            }
        }
        s0.intoArray(c, ci); s1.intoArray(c, ci + ldc); s2.intoArray(c, ci + 2 * ldc); s3.intoArray(c, ci + 3 * ldc);
        s4.intoArray(c, ci + 4 * ldc); s5.intoArray(c, ci + 5 * ldc); s6.intoArray(c, ci + 6 * ldc); s7.intoArray(c, ci + 7 * ldc);
    }

    private static void kernel8x3Runs(float[] ap, int a0, float[] bp, int bi, int[] runs, int r0, int runCount,
                                      float[] c, int ci, int ldc, float[] c0, int c0i, int c0Row) {
        int i0 = c0i, i1 = i0 + c0Row, i2 = i1 + c0Row, i3 = i2 + c0Row, i4 = i3 + c0Row, i5 = i4 + c0Row, i6 = i5 + c0Row, i7 = i6 + c0Row;
        FloatVector s00 = FloatVector.fromArray(SPECIES, c0, i0), s01 = FloatVector.fromArray(SPECIES, c0, i0 + L), s02 = FloatVector.fromArray(SPECIES, c0, i0 + 2 * L);
        FloatVector s10 = FloatVector.fromArray(SPECIES, c0, i1), s11 = FloatVector.fromArray(SPECIES, c0, i1 + L), s12 = FloatVector.fromArray(SPECIES, c0, i1 + 2 * L);
        FloatVector s20 = FloatVector.fromArray(SPECIES, c0, i2), s21 = FloatVector.fromArray(SPECIES, c0, i2 + L), s22 = FloatVector.fromArray(SPECIES, c0, i2 + 2 * L);
        FloatVector s30 = FloatVector.fromArray(SPECIES, c0, i3), s31 = FloatVector.fromArray(SPECIES, c0, i3 + L), s32 = FloatVector.fromArray(SPECIES, c0, i3 + 2 * L);
        FloatVector s40 = FloatVector.fromArray(SPECIES, c0, i4), s41 = FloatVector.fromArray(SPECIES, c0, i4 + L), s42 = FloatVector.fromArray(SPECIES, c0, i4 + 2 * L);
        FloatVector s50 = FloatVector.fromArray(SPECIES, c0, i5), s51 = FloatVector.fromArray(SPECIES, c0, i5 + L), s52 = FloatVector.fromArray(SPECIES, c0, i5 + 2 * L);
        FloatVector s60 = FloatVector.fromArray(SPECIES, c0, i6), s61 = FloatVector.fromArray(SPECIES, c0, i6 + L), s62 = FloatVector.fromArray(SPECIES, c0, i6 + 2 * L);
        FloatVector s70 = FloatVector.fromArray(SPECIES, c0, i7), s71 = FloatVector.fromArray(SPECIES, c0, i7 + L), s72 = FloatVector.fromArray(SPECIES, c0, i7 + 2 * L);
        int r = r0, rEnd = r0 + 2 * runCount;
        int k = runs[r], end = runs[r + 1];
        while (k < end) {
            int ai = a0 + k * MR, bk = bi + k * 3 * L;
            FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bk), b1 = FloatVector.fromArray(SPECIES, bp, bk + L), b2 = FloatVector.fromArray(SPECIES, bp, bk + 2 * L);
            FloatVector x = FloatVector.broadcast(SPECIES, ap[ai]);
            s00 = x.fma(b0, s00); s01 = x.fma(b1, s01); s02 = x.fma(b2, s02);
            x = FloatVector.broadcast(SPECIES, ap[ai + 1]);
            s10 = x.fma(b0, s10); s11 = x.fma(b1, s11); s12 = x.fma(b2, s12);
            x = FloatVector.broadcast(SPECIES, ap[ai + 2]);
            s20 = x.fma(b0, s20); s21 = x.fma(b1, s21); s22 = x.fma(b2, s22);
            x = FloatVector.broadcast(SPECIES, ap[ai + 3]);
            s30 = x.fma(b0, s30); s31 = x.fma(b1, s31); s32 = x.fma(b2, s32);
            x = FloatVector.broadcast(SPECIES, ap[ai + 4]);
            s40 = x.fma(b0, s40); s41 = x.fma(b1, s41); s42 = x.fma(b2, s42);
            x = FloatVector.broadcast(SPECIES, ap[ai + 5]);
            s50 = x.fma(b0, s50); s51 = x.fma(b1, s51); s52 = x.fma(b2, s52);
            x = FloatVector.broadcast(SPECIES, ap[ai + 6]);
            s60 = x.fma(b0, s60); s61 = x.fma(b1, s61); s62 = x.fma(b2, s62);
            x = FloatVector.broadcast(SPECIES, ap[ai + 7]);
            s70 = x.fma(b0, s70); s71 = x.fma(b1, s71); s72 = x.fma(b2, s72);
            if (++k == end && (r += 2) < rEnd) {      // the run ends: on to the next
                k = runs[r];
                end = runs[r + 1];
            }
        }
        int o0 = ci, o1 = o0 + ldc, o2 = o1 + ldc, o3 = o2 + ldc, o4 = o3 + ldc, o5 = o4 + ldc, o6 = o5 + ldc, o7 = o6 + ldc;
        s00.intoArray(c, o0); s01.intoArray(c, o0 + L); s02.intoArray(c, o0 + 2 * L);
        s10.intoArray(c, o1); s11.intoArray(c, o1 + L); s12.intoArray(c, o1 + 2 * L);
        s20.intoArray(c, o2); s21.intoArray(c, o2 + L); s22.intoArray(c, o2 + 2 * L);
        s30.intoArray(c, o3); s31.intoArray(c, o3 + L); s32.intoArray(c, o3 + 2 * L);
        s40.intoArray(c, o4); s41.intoArray(c, o4 + L); s42.intoArray(c, o4 + 2 * L);
        s50.intoArray(c, o5); s51.intoArray(c, o5 + L); s52.intoArray(c, o5 + 2 * L);
        s60.intoArray(c, o6); s61.intoArray(c, o6 + L); s62.intoArray(c, o6 + 2 * L);
        s70.intoArray(c, o7); s71.intoArray(c, o7 + L); s72.intoArray(c, o7 + 2 * L);
    }

    // tile (8 rows of one vector) += A · B, where row i of A starts at a[rowAt[i]], its columns aK
    // apart, and bp[bi ..] holds a vector of columns of B, its rows bRow apart
    private static void kernel8x1InPlace(float[] a, int[] rowAt, int aK, float[] bp, int bi, int bRow, float[] tile, int K) {
        int r0 = rowAt[0], r1 = rowAt[1], r2 = rowAt[2], r3 = rowAt[3], r4 = rowAt[4], r5 = rowAt[5], r6 = rowAt[6], r7 = rowAt[7];
        FloatVector s0 = FloatVector.fromArray(SPECIES, tile, 0), s1 = FloatVector.fromArray(SPECIES, tile, L);
        FloatVector s2 = FloatVector.fromArray(SPECIES, tile, 2 * L), s3 = FloatVector.fromArray(SPECIES, tile, 3 * L);
        FloatVector s4 = FloatVector.fromArray(SPECIES, tile, 4 * L), s5 = FloatVector.fromArray(SPECIES, tile, 5 * L);
        FloatVector s6 = FloatVector.fromArray(SPECIES, tile, 6 * L), s7 = FloatVector.fromArray(SPECIES, tile, 7 * L);
        for (int k = 0, ak = 0; k < K; k++, ak += aK) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bi + k * bRow);
            s0 = FloatVector.broadcast(SPECIES, a[r0 + ak]).fma(b0, s0);
            s1 = FloatVector.broadcast(SPECIES, a[r1 + ak]).fma(b0, s1);
            s2 = FloatVector.broadcast(SPECIES, a[r2 + ak]).fma(b0, s2);
            s3 = FloatVector.broadcast(SPECIES, a[r3 + ak]).fma(b0, s3);
            s4 = FloatVector.broadcast(SPECIES, a[r4 + ak]).fma(b0, s4);
            s5 = FloatVector.broadcast(SPECIES, a[r5 + ak]).fma(b0, s5);
            s6 = FloatVector.broadcast(SPECIES, a[r6 + ak]).fma(b0, s6);
            s7 = FloatVector.broadcast(SPECIES, a[r7 + ak]).fma(b0, s7);
        }
        s0.intoArray(tile, 0); s1.intoArray(tile, L); s2.intoArray(tile, 2 * L); s3.intoArray(tile, 3 * L);
        s4.intoArray(tile, 4 * L); s5.intoArray(tile, 5 * L); s6.intoArray(tile, 6 * L); s7.intoArray(tile, 7 * L);
    }

}
