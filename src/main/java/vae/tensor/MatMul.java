package vae.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The matrix product behind the three linear-layer kernels: {@code C (M, N) = C0 + A (M, K) · B (K, N)}.
 * B and C are row-major; A is read through two strides, element {@code (m, k)} at
 * {@code a[m·aRow + k·aK]}, so that A can be x, dy or dyᵀ as they lie in memory; row m of C0 starts
 * at {@code c0[m·c0Row]}, so that C0 can be C itself (to accumulate), the bias ({@code c0Row = 0})
 * or zeros, without a pass over C to prepare it.
 *
 * <p>Every element of C is one chain of fused multiply-adds in the order {@code k = 0, 1, …, K-1},
 * starting from C0's element. {@link #multiplyNaive} says exactly that in three loops;
 * {@link #multiply} computes the same numbers, bit for bit, eight rows and three vectors of
 * columns at a time, for any range of rows it is given, so the thread split cannot change them.
 */
final class MatMul {
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static final int L = SPECIES.length();
    /** Rows of C per micro-kernel; row ranges handed to threads are cut on multiples of it. */
    static final int MR = 8;
    /** Columns of C per micro-kernel: three vectors. */
    static final int NR = 3 * L;

    private MatMul() {
    }

    /** Buffers of one thread: the zero-padded last columns of B and of C, zeros, and a gather map. */
    static final class Scratch {
        private float[] b = new float[0];
        private float[] zeros = new float[0];
        private final float[] c = new float[MR * L];
        private final int[] map = new int[L];
        private int mapStride = -1;

        float[] b(int size) {
            if (b.length < size) {
                b = new float[size];
            }
            return b;
        }

        /** At least {@code n} zeros: a C0 of zeros, with row stride 0. */
        float[] zeros(int n) {
            if (zeros.length < n) {
                zeros = new float[n];
            }
            return zeros;
        }

        /** Lane {@code j} reads element {@code j·stride}: a column of a row-major matrix. */
        int[] columnMap(int stride) {
            if (mapStride != stride) {
                for (int j = 0; j < L; j++) {
                    map[j] = j * stride;
                }
                mapStride = stride;
            }
            return map;
        }
    }

    // ---- the definition ----------------------------------------------------------------------

    //> kernels-fast matmul-naive
    // a is read as (M, K) with strides aRow, aK; b is (K, N) with row stride ldb; c is (M, N) with
    // row stride ldc; c0 is read as (M, N) with row stride c0Row
    static void multiplyNaive(float[] a, int aRow, int aK, float[] b, int ldb, float[] c, int ldc,
                              float[] c0, int c0Row, int M, int N, int K) {
        for (int m = 0; m < M; m++) {
            for (int n = 0; n < N; n++) {
                float sum = c0[m * c0Row + n];
                for (int k = 0; k < K; k++) {
                    sum = Math.fma(a[m * aRow + k * aK], b[k * ldb + n], sum);
                }
                c[m * ldc + n] = sum;
            }
        }
    }
    //< kernels-fast matmul-naive

    // ---- the blocked product -----------------------------------------------------------------

    //> kernels-fast matmul-blocked
    // rows [m0, m1) of c (M, N) = c0 + a (M, K) · b (K, N), strides as in multiplyNaive
    static void multiply(float[] a, int aRow, int aK, float[] b, int ldb, float[] c, int ldc,
                         float[] c0, int c0Row, int m0, int m1, int N, int K, Scratch scratch) {
        if (m0 >= m1) {
            return;
        }
        int n = 0;
        for (; n + NR <= N; n += NR) {           // a panel of B, K × 3 vectors, serves every row
            int m = m0;
            for (; m + MR <= m1; m += MR) {
                kernel8x3(a, m * aRow, aRow, aK, b, n, ldb, c, m * ldc + n, ldc, c0, m * c0Row + n, c0Row, K);
            }
            for (; m < m1; m++) {
                for (int v = 0; v < NR; v += L) {
                    kernel1x1(a, m * aRow, aK, b, n + v, ldb, c, m * ldc + n + v, c0, m * c0Row + n + v, K);
                }
            }
        }
        for (; n + L <= N; n += L) {             // whole vectors left over
            int m = m0;
            for (; m + MR <= m1; m += MR) {
                kernel8x1(a, m * aRow, aRow, aK, b, n, ldb, c, m * ldc + n, ldc, c0, m * c0Row + n, c0Row, K);
            }
            for (; m < m1; m++) {
                kernel1x1(a, m * aRow, aK, b, n, ldb, c, m * ldc + n, c0, m * c0Row + n, K);
            }
        }
        if (n < N) {                             // fewer than L columns: through padded copies
            multiplyPadded(a, aRow, aK, b, ldb, c, ldc, c0, c0Row, m0, m1, n, N, K, scratch);
        }
    }
    //< kernels-fast matmul-blocked

    /** Columns {@code [n0, N)}, fewer than a vector: copies them into zero-padded buffers first. */
    private static void multiplyPadded(float[] a, int aRow, int aK, float[] b, int ldb, float[] c, int ldc,
                                       float[] c0, int c0Row, int m0, int m1, int n0, int N, int K,
                                       Scratch scratch) {
        int width = N - n0;
        float[] bp = scratch.b(K * L), cp = scratch.c;
        for (int k = 0; k < K; k++) {
            for (int j = 0; j < L; j++) {
                bp[k * L + j] = j < width ? b[k * ldb + n0 + j] : 0f;
            }
        }
        for (int m = m0; m < m1; m += MR) {
            int rows = Math.min(MR, m1 - m);
            for (int i = 0; i < rows; i++) {
                System.arraycopy(c0, (m + i) * c0Row + n0, cp, i * L, width);
            }
            if (rows == MR) {
                kernel8x1(a, m * aRow, aRow, aK, bp, 0, L, cp, 0, L, cp, 0, L, K);
            } else {
                for (int i = 0; i < rows; i++) {
                    kernel1x1(a, (m + i) * aRow, aK, bp, 0, L, cp, i * L, cp, i * L, K);
                }
            }
            for (int i = 0; i < rows; i++) {
                System.arraycopy(cp, i * L, c, (m + i) * ldc + n0, width);
            }
        }
    }

    //> kernels-fast micro-kernel
    // c[ci ..] (8 rows of stride ldc, 3 vectors wide) = c0[c0i ..] (row stride c0Row) + a (8 rows, K) · b (K, 3 vectors):
    // 24 accumulators stay in registers; each step loads 3 vectors of b, broadcasts 8 numbers
    // of a and does 24 fused multiply-adds.
    private static void kernel8x3(float[] a, int ai, int aRow, int aK, float[] b, int bi, int ldb,
                                  float[] c, int ci, int ldc, float[] c0, int c0i, int c0Row, int K) {
        int i0 = c0i, i1 = i0 + c0Row, i2 = i1 + c0Row, i3 = i2 + c0Row, i4 = i3 + c0Row, i5 = i4 + c0Row, i6 = i5 + c0Row, i7 = i6 + c0Row;
        FloatVector s00 = FloatVector.fromArray(SPECIES, c0, i0), s01 = FloatVector.fromArray(SPECIES, c0, i0 + L), s02 = FloatVector.fromArray(SPECIES, c0, i0 + 2 * L);
        FloatVector s10 = FloatVector.fromArray(SPECIES, c0, i1), s11 = FloatVector.fromArray(SPECIES, c0, i1 + L), s12 = FloatVector.fromArray(SPECIES, c0, i1 + 2 * L);
        FloatVector s20 = FloatVector.fromArray(SPECIES, c0, i2), s21 = FloatVector.fromArray(SPECIES, c0, i2 + L), s22 = FloatVector.fromArray(SPECIES, c0, i2 + 2 * L);
        FloatVector s30 = FloatVector.fromArray(SPECIES, c0, i3), s31 = FloatVector.fromArray(SPECIES, c0, i3 + L), s32 = FloatVector.fromArray(SPECIES, c0, i3 + 2 * L);
        FloatVector s40 = FloatVector.fromArray(SPECIES, c0, i4), s41 = FloatVector.fromArray(SPECIES, c0, i4 + L), s42 = FloatVector.fromArray(SPECIES, c0, i4 + 2 * L);
        FloatVector s50 = FloatVector.fromArray(SPECIES, c0, i5), s51 = FloatVector.fromArray(SPECIES, c0, i5 + L), s52 = FloatVector.fromArray(SPECIES, c0, i5 + 2 * L);
        FloatVector s60 = FloatVector.fromArray(SPECIES, c0, i6), s61 = FloatVector.fromArray(SPECIES, c0, i6 + L), s62 = FloatVector.fromArray(SPECIES, c0, i6 + 2 * L);
        FloatVector s70 = FloatVector.fromArray(SPECIES, c0, i7), s71 = FloatVector.fromArray(SPECIES, c0, i7 + L), s72 = FloatVector.fromArray(SPECIES, c0, i7 + 2 * L);
        for (int k = 0; k < K; k++, ai += aK, bi += ldb) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi), b1 = FloatVector.fromArray(SPECIES, b, bi + L), b2 = FloatVector.fromArray(SPECIES, b, bi + 2 * L);
            FloatVector x = FloatVector.broadcast(SPECIES, a[ai]);
            s00 = x.fma(b0, s00); s01 = x.fma(b1, s01); s02 = x.fma(b2, s02);
            x = FloatVector.broadcast(SPECIES, a[ai + aRow]);
            s10 = x.fma(b0, s10); s11 = x.fma(b1, s11); s12 = x.fma(b2, s12);
            x = FloatVector.broadcast(SPECIES, a[ai + 2 * aRow]);
            s20 = x.fma(b0, s20); s21 = x.fma(b1, s21); s22 = x.fma(b2, s22);
            x = FloatVector.broadcast(SPECIES, a[ai + 3 * aRow]);
            s30 = x.fma(b0, s30); s31 = x.fma(b1, s31); s32 = x.fma(b2, s32);
            x = FloatVector.broadcast(SPECIES, a[ai + 4 * aRow]);
            s40 = x.fma(b0, s40); s41 = x.fma(b1, s41); s42 = x.fma(b2, s42);
            x = FloatVector.broadcast(SPECIES, a[ai + 5 * aRow]);
            s50 = x.fma(b0, s50); s51 = x.fma(b1, s51); s52 = x.fma(b2, s52);
            x = FloatVector.broadcast(SPECIES, a[ai + 6 * aRow]);
            s60 = x.fma(b0, s60); s61 = x.fma(b1, s61); s62 = x.fma(b2, s62);
            x = FloatVector.broadcast(SPECIES, a[ai + 7 * aRow]);
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

    // the same, one vector wide
    private static void kernel8x1(float[] a, int ai, int aRow, int aK, float[] b, int bi, int ldb,
                                  float[] c, int ci, int ldc, float[] c0, int c0i, int c0Row, int K) {
        FloatVector s0 = FloatVector.fromArray(SPECIES, c0, c0i), s1 = FloatVector.fromArray(SPECIES, c0, c0i + c0Row), s2 = FloatVector.fromArray(SPECIES, c0, c0i + 2 * c0Row), s3 = FloatVector.fromArray(SPECIES, c0, c0i + 3 * c0Row);
        FloatVector s4 = FloatVector.fromArray(SPECIES, c0, c0i + 4 * c0Row), s5 = FloatVector.fromArray(SPECIES, c0, c0i + 5 * c0Row), s6 = FloatVector.fromArray(SPECIES, c0, c0i + 6 * c0Row), s7 = FloatVector.fromArray(SPECIES, c0, c0i + 7 * c0Row);
        for (int k = 0; k < K; k++, ai += aK, bi += ldb) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
            s0 = FloatVector.broadcast(SPECIES, a[ai]).fma(b0, s0);
            s1 = FloatVector.broadcast(SPECIES, a[ai + aRow]).fma(b0, s1);
            s2 = FloatVector.broadcast(SPECIES, a[ai + 2 * aRow]).fma(b0, s2);
            s3 = FloatVector.broadcast(SPECIES, a[ai + 3 * aRow]).fma(b0, s3);
            s4 = FloatVector.broadcast(SPECIES, a[ai + 4 * aRow]).fma(b0, s4);
            s5 = FloatVector.broadcast(SPECIES, a[ai + 5 * aRow]).fma(b0, s5);
            s6 = FloatVector.broadcast(SPECIES, a[ai + 6 * aRow]).fma(b0, s6);
            s7 = FloatVector.broadcast(SPECIES, a[ai + 7 * aRow]).fma(b0, s7);
        }
        s0.intoArray(c, ci); s1.intoArray(c, ci + ldc); s2.intoArray(c, ci + 2 * ldc); s3.intoArray(c, ci + 3 * ldc);
        s4.intoArray(c, ci + 4 * ldc); s5.intoArray(c, ci + 5 * ldc); s6.intoArray(c, ci + 6 * ldc); s7.intoArray(c, ci + 7 * ldc);
    }

    // one row, one vector: the rows left over after the blocks of eight
    private static void kernel1x1(float[] a, int ai, int aK, float[] b, int bi, int ldb, float[] c, int ci,
                                  float[] c0, int c0i, int K) {
        FloatVector s = FloatVector.fromArray(SPECIES, c0, c0i);
        for (int k = 0; k < K; k++, ai += aK, bi += ldb) {
            s = FloatVector.broadcast(SPECIES, a[ai]).fma(FloatVector.fromArray(SPECIES, b, bi), s);
        }
        s.intoArray(c, ci);
    }

    // ---- packing ---------------------------------------------------------------------------

    //> kernels-fast transpose
    // w is (R, C), wt is (C, R): wt[j][i] = w[i][j] for the rows i in [i0, i1) of w.
    // A gather reads L rows of one column of w at once; the store is a plain row of wt.
    static void transpose(float[] w, int R, int C, float[] wt, int i0, int i1, Scratch scratch) {
        int[] column = scratch.columnMap(C);
        int i = i0;
        for (; i + L <= i1; i += L) {
            for (int j = 0; j < C; j++) {
                FloatVector.fromArray(SPECIES, w, i * C + j, column, 0).intoArray(wt, j * R + i);
            }
        }
        for (; i < i1; i++) {
            for (int j = 0; j < C; j++) {
                wt[j * R + i] = w[i * C + j];
            }
        }
    }
    //< kernels-fast transpose
}
