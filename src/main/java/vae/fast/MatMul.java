package vae.fast;

import static vae.fast.Packing.PANELS_START;
import static vae.fast.Packing.packA;
import static vae.fast.Packing.panelOf;
import static vae.fast.Packing.panelWidth;

import jdk.incubator.vector.VectorSpecies;

/**
 * The matrix product behind the three linear-layer kernels: {@code C (M, N) = C0 + A (M, K) · B (K, N)}.
 * A and B are {@link Matrix}es read where they lie, so that they can be x, w, wᵀ, dy or dyᵀ. C is
 * row-major, or in panels (a weight's gradient, {@link FastTensor}); C0 can be C itself (to
 * accumulate), the bias (every row the same) or zeros, without a pass over C to prepare it. The
 * rest of a product, B packed, where C goes and where C0 comes from, is a {@link Product}.
 *
 * <p>Every element of C is one chain of fused multiply-adds in the order {@code k = 0, 1, …, K-1},
 * starting from C0's element. {@link #multiplyNaive} says exactly that in three loops;
 * {@link #multiply} computes the same numbers, bit for bit, eight rows and three vectors of columns
 * at a time, for any range of rows it is given, so the thread split cannot change them.
 *
 * <p>The fast path copies both operands first ({@link Packing}), then hands each tile of C to a
 * micro-kernel ({@link MicroKernels}); a tile that sticks out past the edge of C is computed in a
 * buffer and its inside copied.
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

    //> kernels-fast tile
    // The tile of C that the micro-kernel keeps in registers is MR = 8 rows by NV vectors: its
    // accumulators, NV vectors of B and a broadcast of A must all fit in the vector registers, or
    // the JIT spills accumulators to memory at every step. AVX-512 has 32 of them, and 8×3
    // (24 + 3 + 1 = 28) fits. AVX2 and x86's 128-bit vectors have 16: there 8×3 and 8×2 in one
    // piece spill, and the tile is 8×2 computed as two halves of 4×2 (8 + 2 + 1 registers each;
    // bench/NOTEBOOK.md has the measurements). ARM's NEON, 32 registers of 128 bits, takes 8×2 in halves
    // too. -Dvae.tile.vectors=1, 2 or 3 overrides the choice (1: 8×1 in one piece).
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

    // ---- the definition ----------------------------------------------------------------------

    //> kernels-fast matmul-naive
    // c (M, N) = c0 + a (M, K) · b (K, N), every matrix read where it lies
    static void multiplyNaive(Matrix a, Matrix b, Matrix c, Matrix c0, int M, int N, int K) {
        for (int m = 0; m < M; m++) {
            for (int n = 0; n < N; n++) {
                float sum = c0.at(m, n);
                for (int k = 0; k < K; k++) {
                    sum = Math.fma(a.at(m, k), b.at(k, n), sum);
                }
                c.data()[m * c.rowStride() + n * c.colStride()] = sum;
            }
        }
    }
    //< kernels-fast matmul-naive

    // ---- the blocked product -----------------------------------------------------------------

    //> kernels-fast matmul-blocked
    // rows [m0, m1) of C = C0 + A·B, strip by strip: eight rows of A packed (read once), then
    // multiplied by every panel of B
    static void multiply(Matrix a, Product p, int m0, int m1, Scratch scratch) {
        if (p.N() <= NARROW) {
            multiplyNarrow(a, null, m0, m1, p, scratch);
            return;
        }
        int K = p.K();
        Strip buffer = new Strip(scratch.a(K * MR + L), 0, scratch.runs(2 * K + 2), 0, 0);
        for (int m = m0; m < m1; m += MR) {
            int rows = Math.min(MR, m1 - m);
            Strip strip = buffer.withRunCount(packA(a, null, m, rows, K, buffer, scratch));
            stripTimesPanels(p, strip, m, rows, 0, p.N(), scratch);
        }
    }

    // As multiply, for the rows of C that rowIds[0 .. count) lists, with one row of C0 for all rows:
    // eight listed rows make a strip, computed whole into a buffer, then copied to its rows. Rows it
    // does not list are left as they are.
    static void multiplyRows(Matrix a, int[] rowIds, int count, Product p, Scratch scratch) {
        if (p.N() <= NARROW) {
            multiplyNarrow(a, rowIds, 0, count, p, scratch);
            return;
        }
        int N = p.N(), K = p.K();
        float[] strip = scratch.strip(MR * N);
        Product intoStrip = Product.rowMajor(p.packedB(), strip, N, p.c0(), MR, N, K);
        Strip buffer = new Strip(scratch.a(K * MR + L), 0, scratch.runs(2 * K + 2), 0, 0);
        for (int r = 0; r < count; r += MR) {
            int rows = Math.min(MR, count - r);
            Strip packed = buffer.withRunCount(packA(a, rowIds, r, rows, K, buffer, scratch));
            stripTimesPanels(intoStrip, packed, 0, MR, 0, N, scratch);
            for (int i = 0; i < rows; i++) {
                System.arraycopy(strip, i * N, p.c(), rowIds[r + i] * p.cRowStride(), N);
            }
        }
    }

    // Columns [n0, n1) of C = C0 + A·B, n0 on a panel, A packed whole (Packing.Strips). A block of
    // panels at a time (BLOCK_FLOATS), and for each strip its tiles of that block: the block stays
    // in this thread's cache.
    static void multiplyColumns(Packing.Strips a, Product p, int n0, int n1, Scratch scratch) {
        int M = p.M(), K = p.K();
        int block = Math.max(1, BLOCK_FLOATS / (K * NR)) * NR;   // whole wide panels: the block's end is a panel's start
        for (int b0 = n0; b0 < n1; b0 += block) {
            int b1 = Math.min(n1, b0 + block);
            for (int m = 0; m < M; m += MR) {
                stripTimesPanels(p, a.strip(m / MR), m, Math.min(MR, M - m), b0, b1, scratch);
            }
        }
    }

    // Rows [m, m + rows) of C in the columns [n0, n1), n0 on a panel: the strip of A against each
    // panel of B, a micro-kernel call per tile
    private static void stripTimesPanels(Product p, Strip a, int m, int rows, int n0, int n1, Scratch scratch) {
        int N = p.N();
        for (int n = n0; n < n1; n += panelWidth(n, N)) {
            int w = panelWidth(n, N), panel = PANELS_START + n * p.K();
            if (rows == MR && n + w <= N) {
                MicroKernels.tile(w, a, p.packedB(), panel, p.place(scratch.tileOfC, m, n, w));
            } else {
                edgeTile(w, a, p.packedB(), panel, p.place(scratch.tileOfC, m, n, w), rows, Math.min(w, N - n), scratch);
            }
        }
    }

    // A tile that sticks out past row M or column N (rows and cols of it inside C): computed in a
    // buffer, then its inside copied
    private static void edgeTile(int w, Strip a, float[] bPanels, int panel, Tile t, int rows, int cols, Scratch scratch) {
        float[] buffer = scratch.tile;
        for (int i = 0; i < rows; i++) {
            System.arraycopy(t.c0(), t.c0At() + i * t.c0RowStride(), buffer, i * w, cols);
        }
        MicroKernels.tile(w, a, bPanels, panel, scratch.tileOfBuffer.place(buffer, 0, w, buffer, 0, w));
        for (int i = 0; i < rows; i++) {
            System.arraycopy(buffer, i * w, t.c(), t.at() + i * t.rowStride(), cols);
        }
    }
    //< kernels-fast matmul-blocked

    // As multiply (or multiplyRows, given rowIds), when C is narrow (N ≤ NARROW): A is read where it
    // lies, eight rows at a time, and not packed, against B's panels a vector or two of columns at a time.
    // Each number of A meets at most 16 of B, so copying it first would cost more than the product;
    // and nothing is skipped. Each tile goes through the buffer, as an edge tile does.
    private static void multiplyNarrow(Matrix a, int[] rowIds, int m0, int m1, Product p, Scratch scratch) {
        float[] tile = scratch.tile, c = p.c(), c0 = p.c0().data();
        int[] rowAt = scratch.rowAt, rowOf = scratch.rowOf;
        int N = p.N(), K = p.K(), cRow = p.cRowStride(), c0Row = p.c0().rowStride();
        for (int m = m0; m < m1; m += MR) {
            int rows = Math.min(MR, m1 - m);
            for (int i = 0; i < MR; i++) {                // past the last row, the first again: its result is dropped
                int row = rowIds == null ? m + (i < rows ? i : 0) : rowIds[m + (i < rows ? i : 0)];
                rowOf[i] = row;
                rowAt[i] = row * a.rowStride();
            }
            // a vector of columns at a time, of the panel that holds it; two at a time where the tile
            // goes in halves of 4 × 2 (MicroKernels.tile): each number of A broadcast once for both
            for (int n = 0; n < N; ) {
                int width = (NV == 2 && n + L < N ? 2 : 1) * L, cols = Math.min(width, N - n);
                int p0 = panelOf(n, N), b0 = PANELS_START + p0 * K + (n - p0), w0 = panelWidth(p0, N);
                for (int i = 0; i < MR; i++) {
                    System.arraycopy(c0, rowOf[i] * c0Row + n, tile, i * width, cols);
                }
                if (width == L) {
                    MicroKernels.kernel8x1InPlace(a.data(), rowAt, a.colStride(), p.packedB(), b0, w0, tile, K);
                } else {
                    int p1 = panelOf(n + L, N), b1 = PANELS_START + p1 * K + (n + L - p1), w1 = panelWidth(p1, N);
                    MicroKernels.kernel4x2InPlace(a.data(), rowAt[0], rowAt[1], rowAt[2], rowAt[3], a.colStride(),
                            p.packedB(), b0, w0, b1, w1, tile, 0, K);
                    MicroKernels.kernel4x2InPlace(a.data(), rowAt[4], rowAt[5], rowAt[6], rowAt[7], a.colStride(),
                            p.packedB(), b0, w0, b1, w1, tile, 4 * width, K);
                }
                for (int i = 0; i < rows; i++) {
                    System.arraycopy(tile, i * width, c, rowOf[i] * cRow + n, cols);
                }
                n += width;
            }
        }
    }
}
