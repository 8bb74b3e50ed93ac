package vae.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
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
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static final int L = SPECIES.length();
    /** Rows of C per micro-kernel; row ranges handed to threads are cut on multiples of it. */
    static final int MR = 8;
    /** Columns of C per micro-kernel: three vectors. The last panels of B are one vector wide. */
    static final int NR = 3 * L;
    /** The lanes of a gather of two columns of a strip that hold the first column, and the second. */
    private static final VectorMask<Float> FIRST_COLUMN = SPECIES.indexInRange(0, MR), SECOND_COLUMN = FIRST_COLUMN.not();

    private MatMul() {
    }

    /** Buffers of one thread: a strip of A and its live columns, a tile of C for the edges, zeros, gather maps. */
    static final class Scratch {
        private float[] a = new float[0];
        private int[] live = new int[0];
        private float[] strip = new float[0];
        private float[] zeros = new float[0];
        private final float[] tile = new float[MR * NR];
        private final int[] rowAt = new int[MR], rowOf = new int[MR];
        private final int[] map = new int[L], rowMap = new int[L];
        private int mapRows = -1, mapRow = -1, mapK = -1;

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

        int[] live(int size) {
            if (live.length < size) {
                live = new int[size];
            }
            return live;
        }

        /** At least {@code n} zeros: a C0 of zeros, with row stride 0. */
        float[] zeros(int n) {
            if (zeros.length < n) {
                zeros = new float[n];
            }
            return zeros;
        }

        /** Lane {@code j} reads element {@code (j mod rows)·row + (j / rows)·k}: a gather map. */
        int[] map(int rows, int row, int k) {
            if (mapRows != rows || mapRow != row || mapK != k) {
                for (int j = 0; j < L; j++) {
                    map[j] = (j % rows) * row + (j / rows) * k;
                }
                mapRows = rows;
                mapRow = row;
                mapK = k;
            }
            return map;
        }

        /** Lane {@code j} reads element {@code (rowIds[r + j mod MR], j / MR)}: the gather map of listed rows. */
        int[] rowMap(int[] rowIds, int r, int row, int k) {
            for (int j = 0; j < L; j++) {
                rowMap[j] = rowIds[r + j % MR] * row + (j / MR) * k;
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
                int[] map = scratch.map(L, bN, 0);
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
                int[] map = scratch.map(L, uw, 0);          // lane j reads element j·uw
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

    // Rows m, m + 1, … of A (rows ≤ MR of them; or, given a list, rowIds[m], rowIds[m + 1], …) go to ap
    // as columns of MR floats, zero past the last row, leaving out every column k in which all those
    // rows are zero: a product with 0 changes no sum. Column j goes to ap[aOff + j·MR ..] and is
    // column live[liveOff + j] of the rows; returns how many columns were kept. ap needs room for
    // K·MR + L floats from aOff.
    // Where the rows are next to each other in memory (aRow = 1: A is a transpose, as xᵀ in a weight
    // gradient), a column is MR floats in a row: one load, always stored, and kept by moving j on,
    // with no branch to mispredict. Otherwise a gather takes two columns of eight rows at once, and
    // a mask says which of them hold a nonzero.
    static int packA(float[] a, int aRow, int aK, int[] rowIds, int m, int rows, int K, float[] ap, int aOff,
                     int[] live, int liveOff, Scratch scratch) {
        int j = 0, k = 0;
        if (rows == MR && aRow == 1 && rowIds == null && L == 2 * MR) {   // a column of the strip: MR floats in a row
            for (; k < K && m + k * aK + L <= a.length; k++) {
                FloatVector column = FloatVector.fromArray(SPECIES, a, m + k * aK);     // and MR floats more
                column.intoArray(ap, aOff + j * MR);             // kept if it holds a nonzero, else overwritten
                live[liveOff + j] = k;
                j += column.compare(VectorOperators.NE, 0f).and(FIRST_COLUMN).anyTrue() ? 1 : 0;
            }
        } else if (rows == MR && L == 2 * MR) {
            int base = rowIds == null ? m * aRow : 0;
            int[] map = rowIds == null ? scratch.map(MR, aRow, aK) : scratch.rowMap(rowIds, m, aRow, aK);
            for (; k + 2 <= K; k += 2) {
                FloatVector two = FloatVector.fromArray(SPECIES, a, base + k * aK, map, 0);
                VectorMask<Float> nonzero = two.compare(VectorOperators.NE, 0f);
                boolean first = nonzero.and(FIRST_COLUMN).anyTrue(), second = nonzero.and(SECOND_COLUMN).anyTrue();
                if (first) {                              // column k: lanes 0-7, stored with k + 1 behind it
                    two.intoArray(ap, aOff + j * MR);
                    live[liveOff + j++] = k;
                    if (second) {
                        live[liveOff + j++] = k + 1;
                    }
                } else if (second) {                      // column k + 1 alone: lanes 8-15 moved down
                    two.slice(MR).intoArray(ap, aOff + j * MR);
                    live[liveOff + j++] = k + 1;
                }
            }
        }
        for (; k < K; k++) {
            boolean nonzero = false;
            for (int i = 0; i < MR; i++) {
                float x = i < rows ? a[(rowIds == null ? m + i : rowIds[m + i]) * aRow + k * aK] : 0f;
                ap[aOff + j * MR + i] = x;
                nonzero |= x != 0f;
            }
            if (nonzero) {
                live[liveOff + j++] = k;
            }
        }
        return j;
    }
    //< kernels-fast pack

    // ---- the blocked product -----------------------------------------------------------------

    //> kernels-fast matmul-blocked
    // rows [m0, m1) of c (M, N) = c0 + a (M, K) · b (K, N), b packed by packB, strides as in multiplyNaive
    static void multiply(float[] a, int aRow, int aK, float[] bp, float[] c, int ldc, float[] c0, int c0Row,
                         int m0, int m1, int N, int K, Scratch scratch) {
        if (N <= L) {
            multiplyNarrow(a, aRow, aK, null, m0, m1, bp, c, ldc, c0, c0Row, N, K, scratch);
            return;
        }
        float[] ap = scratch.a(K * MR + L);
        int[] live = scratch.live(K);
        for (int m = m0; m < m1; m += MR) {
            int rows = Math.min(MR, m1 - m);
            int kept = packA(a, aRow, aK, null, m, rows, K, ap, 0, live, 0, scratch);   // eight rows of A, read once
            int[] ks = kept < K ? live : null;                              // null: every column, in order
            stripTimesPanels(ap, 0, ks, 0, kept, m, rows, bp, 0, N, N, K, c, ldc, 0, c0, c0Row, scratch.tile);
        }
    }

    // As multiply, for the rows of c that rowIds[0 .. count) lists, with one row of C0 for all rows
    // (c0Row = 0): eight listed rows make a strip, computed whole into a buffer, then copied to its
    // rows. Rows it does not list are left as they are.
    static void multiplyRows(float[] a, int aRow, int aK, float[] bp, float[] c, int ldc, float[] c0,
                             int[] rowIds, int count, int N, int K, Scratch scratch) {
        if (N <= L) {
            multiplyNarrow(a, aRow, aK, rowIds, 0, count, bp, c, ldc, c0, 0, N, K, scratch);
            return;
        }
        float[] ap = scratch.a(K * MR + L), strip = scratch.strip(MR * N);
        int[] live = scratch.live(K);
        for (int r = 0; r < count; r += MR) {
            int rows = Math.min(MR, count - r);
            int kept = packA(a, aRow, aK, rowIds, r, rows, K, ap, 0, live, 0, scratch);
            int[] ks = kept < K ? live : null;
            stripTimesPanels(ap, 0, ks, 0, kept, 0, MR, bp, 0, N, N, K, strip, N, 0, c0, 0, scratch.tile);
            for (int i = 0; i < rows; i++) {
                System.arraycopy(strip, i * N, c, rowIds[r + i] * ldc, N);
            }
        }
    }

    // As multiply (or multiplyRows, given rowIds), when B is a single panel one vector wide (N ≤ L):
    // A is read where it lies, eight rows at a time, and not packed. With one panel each number of A
    // is used once, so copying it first would cost more than the product; and nothing is skipped.
    // Each tile goes through the buffer, as an edge tile does.
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
                System.arraycopy(c0, row * c0Row, tile, i * L, N);
            }
            kernel8x1InPlace(a, rowAt, aK, bp, tile, K);
            for (int i = 0; i < rows; i++) {
                System.arraycopy(tile, i * L, c, rowOf[i] * ldc, N);
            }
        }
    }

    /** A (M, K) packed whole, a strip of MR rows after another, for products split over columns. */
    static final class Strips {
        float[] ap = new float[0];   // strip s at ap[s·stride(K) ..]: its kept columns, MR floats each
        int[] live = new int[0];     // strip s's kept columns at live[s·K ..]
        int[] kept = new int[0];     // how many columns strip s kept

        static int stride(int K) {
            return K * MR + L;
        }

        /** Makes room for M rows of K columns. */
        Strips size(int M, int K) {
            int strips = (M + MR - 1) / MR;
            if (ap.length < strips * stride(K)) {
                ap = new float[strips * stride(K)];
            }
            if (live.length < strips * K) {
                live = new int[strips * K];
            }
            if (kept.length < strips) {
                kept = new int[strips];
            }
            return this;
        }
    }

    // Packs rows [m0, m1) of A (m0 on a strip, m1 on a strip or at the last row) into p, as packA
    // packs one strip.
    static void packStrips(float[] a, int aRow, int aK, int m0, int m1, int K, Strips p, Scratch scratch) {
        for (int m = m0; m < m1; m += MR) {
            int s = m / MR;
            p.kept[s] = packA(a, aRow, aK, null, m, Math.min(MR, m1 - m), K, p.ap, s * Strips.stride(K), p.live, s * K, scratch);
        }
    }

    // columns [n0, n1) of c (M, N) = c0 + a · b, n0 on a panel: a packed by packStrips, b by packB.
    // For each strip, its tiles of those columns: the panels stay in this thread's cache. With
    // cInPanels, c is not row-major but laid out as packB lays out B, panel after panel, which is
    // the layout of a PanelTensor's transpose: a weight's gradient dwᵀ = xᵀ·dy goes straight into it.
    static void multiplyColumns(Strips a, int M, float[] bp, float[] c, int ldc, boolean cInPanels, float[] c0, int c0Row,
                                int n0, int n1, int N, int K, Scratch scratch) {
        for (int m = 0; m < M; m += MR) {
            int s = m / MR, kept = a.kept[s];
            int[] ks = kept < K ? a.live : null;
            stripTimesPanels(a.ap, s * Strips.stride(K), ks, s * K, kept, m, Math.min(MR, M - m), bp, n0, n1, N, K,
                    c, ldc, cInPanels ? M : 0, c0, c0Row, scratch.tile);
        }
    }

    // Rows [m, m + rows) of c = c0 + A·B in the columns [n0, n1), n0 on a panel: the strip of A packed
    // at ap[ai ..] (its kept columns listed at ks[ksi ..], or all of them if ks is null) against
    // each panel of B, a micro-kernel call per tile. C is row-major (row stride ldc), or, given
    // cPanelRows = M, in panels as packB lays out a (M, N) B: the tile at (m, n) at c[BASE + n·M + m·w ..], rows w apart
    private static void stripTimesPanels(float[] ap, int ai, int[] ks, int ksi, int kept, int m, int rows, float[] bp,
                                         int n0, int n1, int N, int K, float[] c, int ldc, int cPanelRows,
                                         float[] c0, int c0Row, float[] tile) {
        for (int n = n0; n < n1; n += panelWidth(n, N)) {
            int w = panelWidth(n, N);
            int ci = cPanelRows > 0 ? BASE + n * cPanelRows + m * w : m * ldc + n, cRow = cPanelRows > 0 ? w : ldc;
            if (rows == MR && n + w <= N) {
                kernel(w, ap, ai, bp, BASE + n * K, ks, ksi, kept, c, ci, cRow, c0, m * c0Row + n, c0Row);
            } else {
                edgeTile(w, ap, ai, bp, BASE + n * K, ks, ksi, kept, c, ci, cRow, c0, m * c0Row + n, c0Row,
                        rows, Math.min(w, N - n), tile);
            }
        }
    }

    // the micro-kernel for a panel w wide, over all K columns of the strip at ap[ai ..], or over the
    // kept ones that ks[ksi ..] lists
    private static void kernel(int w, float[] ap, int ai, float[] bp, int bi, int[] ks, int ksi, int kept,
                               float[] c, int ci, int ldc, float[] c0, int c0i, int c0Row) {
        if (ks == null) {
            if (w == NR) {
                kernel8x3(ap, ai, bp, bi, c, ci, ldc, c0, c0i, c0Row, kept);
            } else {
                kernel8x1(ap, ai, bp, bi, c, ci, ldc, c0, c0i, c0Row, kept);
            }
        } else {
            if (w == NR) {
                kernel8x3Kept(ap, ai, bp, bi, ks, ksi, c, ci, ldc, c0, c0i, c0Row, kept);
            } else {
                kernel8x1Kept(ap, ai, bp, bi, ks, ksi, c, ci, ldc, c0, c0i, c0Row, kept);
            }
        }
    }

    /** A tile that sticks out past row M or column N: computed in a buffer, then its inside copied. */
    // (rows and cols of it inside C; its C starts at c[ci], rows cRow apart, and its C0 at c0[c0i], rows c0Row apart)
    private static void edgeTile(int w, float[] ap, int ai, float[] bp, int bi, int[] ks, int ksi, int kept,
                                 float[] c, int ci, int cRow, float[] c0, int c0i, int c0Row, int rows, int cols, float[] tile) {
        for (int i = 0; i < rows; i++) {
            System.arraycopy(c0, c0i + i * c0Row, tile, i * w, cols);
        }
        kernel(w, ap, ai, bp, bi, ks, ksi, kept, tile, 0, w, tile, 0, w);
        for (int i = 0; i < rows; i++) {
            System.arraycopy(tile, i * w, c, ci + i * cRow, cols);
        }
    }
    //< kernels-fast matmul-blocked

    //> kernels-fast micro-kernel
    // c[ci ..] (8 rows of stride ldc, 3 vectors wide) = c0[c0i ..] (row stride c0Row) + A · B, where
    // ap[a0 ..] holds the 8 rows of A as K columns of 8 and bp[bi ..] the panel of B as K rows of 3 vectors.
    // 24 accumulators stay in registers; each step loads 3 vectors of B, broadcasts 8 numbers of A
    // and does 24 fused multiply-adds.
    private static void kernel8x3(float[] ap, int a0, float[] bp, int bi, float[] c, int ci, int ldc,
                                  float[] c0, int c0i, int c0Row, int K) {
        int i0 = c0i, i1 = i0 + c0Row, i2 = i1 + c0Row, i3 = i2 + c0Row, i4 = i3 + c0Row, i5 = i4 + c0Row, i6 = i5 + c0Row, i7 = i6 + c0Row;
        FloatVector s00 = FloatVector.fromArray(SPECIES, c0, i0), s01 = FloatVector.fromArray(SPECIES, c0, i0 + L), s02 = FloatVector.fromArray(SPECIES, c0, i0 + 2 * L);
        FloatVector s10 = FloatVector.fromArray(SPECIES, c0, i1), s11 = FloatVector.fromArray(SPECIES, c0, i1 + L), s12 = FloatVector.fromArray(SPECIES, c0, i1 + 2 * L);
        FloatVector s20 = FloatVector.fromArray(SPECIES, c0, i2), s21 = FloatVector.fromArray(SPECIES, c0, i2 + L), s22 = FloatVector.fromArray(SPECIES, c0, i2 + 2 * L);
        FloatVector s30 = FloatVector.fromArray(SPECIES, c0, i3), s31 = FloatVector.fromArray(SPECIES, c0, i3 + L), s32 = FloatVector.fromArray(SPECIES, c0, i3 + 2 * L);
        FloatVector s40 = FloatVector.fromArray(SPECIES, c0, i4), s41 = FloatVector.fromArray(SPECIES, c0, i4 + L), s42 = FloatVector.fromArray(SPECIES, c0, i4 + 2 * L);
        FloatVector s50 = FloatVector.fromArray(SPECIES, c0, i5), s51 = FloatVector.fromArray(SPECIES, c0, i5 + L), s52 = FloatVector.fromArray(SPECIES, c0, i5 + 2 * L);
        FloatVector s60 = FloatVector.fromArray(SPECIES, c0, i6), s61 = FloatVector.fromArray(SPECIES, c0, i6 + L), s62 = FloatVector.fromArray(SPECIES, c0, i6 + 2 * L);
        FloatVector s70 = FloatVector.fromArray(SPECIES, c0, i7), s71 = FloatVector.fromArray(SPECIES, c0, i7 + L), s72 = FloatVector.fromArray(SPECIES, c0, i7 + 2 * L);
        for (int k = 0; k < K; k++) {
            int ai = a0 + k * MR, bk = bi + k * NR;
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
    private static void kernel8x1(float[] ap, int a0, float[] bp, int bi, float[] c, int ci, int ldc,
                                  float[] c0, int c0i, int c0Row, int K) {
        FloatVector s0 = FloatVector.fromArray(SPECIES, c0, c0i), s1 = FloatVector.fromArray(SPECIES, c0, c0i + c0Row);
        FloatVector s2 = FloatVector.fromArray(SPECIES, c0, c0i + 2 * c0Row), s3 = FloatVector.fromArray(SPECIES, c0, c0i + 3 * c0Row);
        FloatVector s4 = FloatVector.fromArray(SPECIES, c0, c0i + 4 * c0Row), s5 = FloatVector.fromArray(SPECIES, c0, c0i + 5 * c0Row);
        FloatVector s6 = FloatVector.fromArray(SPECIES, c0, c0i + 6 * c0Row), s7 = FloatVector.fromArray(SPECIES, c0, c0i + 7 * c0Row);
        for (int k = 0; k < K; k++) {
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

    // tile (8 rows of one vector) += A · B, where row i of A starts at a[rowAt[i]], its columns aK
    // apart, and bp[BASE ..] holds the panel of B as K rows of one vector
    private static void kernel8x1InPlace(float[] a, int[] rowAt, int aK, float[] bp, float[] tile, int K) {
        int r0 = rowAt[0], r1 = rowAt[1], r2 = rowAt[2], r3 = rowAt[3], r4 = rowAt[4], r5 = rowAt[5], r6 = rowAt[6], r7 = rowAt[7];
        FloatVector s0 = FloatVector.fromArray(SPECIES, tile, 0), s1 = FloatVector.fromArray(SPECIES, tile, L);
        FloatVector s2 = FloatVector.fromArray(SPECIES, tile, 2 * L), s3 = FloatVector.fromArray(SPECIES, tile, 3 * L);
        FloatVector s4 = FloatVector.fromArray(SPECIES, tile, 4 * L), s5 = FloatVector.fromArray(SPECIES, tile, 5 * L);
        FloatVector s6 = FloatVector.fromArray(SPECIES, tile, 6 * L), s7 = FloatVector.fromArray(SPECIES, tile, 7 * L);
        for (int k = 0, ak = 0; k < K; k++, ak += aK) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, bp, BASE + k * L);
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

    // The two kernels again, over the columns of A that packA kept: column j of the strip meets row
    // ks[ks0 + j] of the panel. The same multiply-adds in the same order, less those whose product is a zero.
    private static void kernel8x3Kept(float[] ap, int a0, float[] bp, int bi, int[] ks, int ks0, float[] c, int ci, int ldc,
                                      float[] c0, int c0i, int c0Row, int kept) {
        int i0 = c0i, i1 = i0 + c0Row, i2 = i1 + c0Row, i3 = i2 + c0Row, i4 = i3 + c0Row, i5 = i4 + c0Row, i6 = i5 + c0Row, i7 = i6 + c0Row;
        FloatVector s00 = FloatVector.fromArray(SPECIES, c0, i0), s01 = FloatVector.fromArray(SPECIES, c0, i0 + L), s02 = FloatVector.fromArray(SPECIES, c0, i0 + 2 * L);
        FloatVector s10 = FloatVector.fromArray(SPECIES, c0, i1), s11 = FloatVector.fromArray(SPECIES, c0, i1 + L), s12 = FloatVector.fromArray(SPECIES, c0, i1 + 2 * L);
        FloatVector s20 = FloatVector.fromArray(SPECIES, c0, i2), s21 = FloatVector.fromArray(SPECIES, c0, i2 + L), s22 = FloatVector.fromArray(SPECIES, c0, i2 + 2 * L);
        FloatVector s30 = FloatVector.fromArray(SPECIES, c0, i3), s31 = FloatVector.fromArray(SPECIES, c0, i3 + L), s32 = FloatVector.fromArray(SPECIES, c0, i3 + 2 * L);
        FloatVector s40 = FloatVector.fromArray(SPECIES, c0, i4), s41 = FloatVector.fromArray(SPECIES, c0, i4 + L), s42 = FloatVector.fromArray(SPECIES, c0, i4 + 2 * L);
        FloatVector s50 = FloatVector.fromArray(SPECIES, c0, i5), s51 = FloatVector.fromArray(SPECIES, c0, i5 + L), s52 = FloatVector.fromArray(SPECIES, c0, i5 + 2 * L);
        FloatVector s60 = FloatVector.fromArray(SPECIES, c0, i6), s61 = FloatVector.fromArray(SPECIES, c0, i6 + L), s62 = FloatVector.fromArray(SPECIES, c0, i6 + 2 * L);
        FloatVector s70 = FloatVector.fromArray(SPECIES, c0, i7), s71 = FloatVector.fromArray(SPECIES, c0, i7 + L), s72 = FloatVector.fromArray(SPECIES, c0, i7 + 2 * L);
        for (int j = 0; j < kept; j++) {
            int ai = a0 + j * MR, bk = bi + ks[ks0 + j] * NR;
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

    private static void kernel8x1Kept(float[] ap, int a0, float[] bp, int bi, int[] ks, int ks0, float[] c, int ci, int ldc,
                                      float[] c0, int c0i, int c0Row, int kept) {
        FloatVector s0 = FloatVector.fromArray(SPECIES, c0, c0i), s1 = FloatVector.fromArray(SPECIES, c0, c0i + c0Row);
        FloatVector s2 = FloatVector.fromArray(SPECIES, c0, c0i + 2 * c0Row), s3 = FloatVector.fromArray(SPECIES, c0, c0i + 3 * c0Row);
        FloatVector s4 = FloatVector.fromArray(SPECIES, c0, c0i + 4 * c0Row), s5 = FloatVector.fromArray(SPECIES, c0, c0i + 5 * c0Row);
        FloatVector s6 = FloatVector.fromArray(SPECIES, c0, c0i + 6 * c0Row), s7 = FloatVector.fromArray(SPECIES, c0, c0i + 7 * c0Row);
        for (int j = 0; j < kept; j++) {
            int ai = a0 + j * MR;
            FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bi + ks[ks0 + j] * L);
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
}
