package vae.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The packed, blocked product against its definition: bit for bit, whatever the sizes, layouts and splits. */
class MatMulTest {
    private static final int[] SIZES = {1, 2, 7, 8, 9, 13, 16, 17, 47, 48, 49, 64, 100};

    private static float[] random(int n, Random random) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextFloat() * 2 - 1;
        }
        return x;
    }

    /** Packs B in two pieces cut at the first panel boundary past {@code cut}, as two threads would. */
    private static float[] pack(float[] b, int bK, int bN, int K, int N, int cut, Scratch scratch) {
        float[] bp = new float[Packing.packedSize(K, N)];
        int n1 = Math.min(N, (cut + MatMul.NR - 1) / MatMul.NR * MatMul.NR);
        Packing.packB(new Matrix(b, bK, bN), K, N, bp, 0, n1, scratch);
        Packing.packB(new Matrix(b, bK, bN), K, N, bp, n1, N, scratch);
        return bp;
    }

    @Test
    void blockedEqualsNaiveForEverySizeAndLayout() {
        Random random = new Random(1);
        Scratch scratch = new Scratch();
        for (int M : SIZES) {
            for (int N : SIZES) {
                for (int K : new int[]{1, 3, 16, 33}) {
                    float[] a = random(M * K, random), b = random(K * N, random), c = random(M * N, random);
                    for (boolean transposedA : new boolean[]{false, true}) {
                        for (boolean transposedB : new boolean[]{false, true}) {
                            int aRow = transposedA ? 1 : K, aK = transposedA ? M : 1;   // a is (M, K) or (K, M)
                            int bK = transposedB ? 1 : N, bN = transposedB ? K : 1;     // b is (K, N) or (N, K)
                            String what = "M=" + M + " N=" + N + " K=" + K + " transposed A " + transposedA + ", B " + transposedB;
                            float[] bp = pack(b, bK, bN, K, N, N / 2, scratch);

                            float[] expected = c.clone(), actual = c.clone();         // C0 = C: accumulate
                            MatMul.multiplyNaive(new Matrix(a, aRow, aK), new Matrix(b, bK, bN), new Matrix(expected, N, 1), new Matrix(expected, N, 1), M, N, K);
                            MatMul.multiply(new Matrix(a, aRow, aK), Product.rowMajor(bp, actual, N, new Matrix(actual, N, 1), M, N, K), 0, M, scratch);
                            assertArrayEquals(expected, actual, what);

                            float[] bias = random(N, random);                          // C0 one row for all rows
                            expected = new float[M * N];
                            actual = new float[M * N];
                            MatMul.multiplyNaive(new Matrix(a, aRow, aK), new Matrix(b, bK, bN), new Matrix(expected, N, 1), new Matrix(bias, 0, 1), M, N, K);
                            MatMul.multiply(new Matrix(a, aRow, aK), Product.rowMajor(bp, actual, N, new Matrix(bias, 0, 1), M, N, K), 0, M, scratch);
                            assertArrayEquals(expected, actual, "with a bias: " + what);
                        }
                    }
                }
            }
        }
    }

    /** A with zeros as a ReLU or a digit's blank border leave them: whole columns, whole rows, scattered. */
    private static float[] withZeros(float[] a, int M, int K, int aRow, int aK, Random random) {
        float[] z = a.clone();
        for (int m = 0; m < M; m++) {
            for (int k = 0; k < K; k++) {
                boolean blankColumn = k % 3 == 0, blankRow = m % 5 == 1, scattered = random.nextInt(4) == 0;
                if (blankColumn || blankRow || scattered) {
                    z[m * aRow + k * aK] = 0f;
                }
            }
        }
        return z;
    }

    @Test
    void skippingTheZerosOfAGivesTheSameBits() {
        Random random = new Random(4);
        Scratch scratch = new Scratch();
        for (int M : new int[]{1, 7, 8, 9, 16, 37}) {
            for (int N : new int[]{1, 16, 48, 49, 100}) {
                for (int K : new int[]{1, 2, 3, 16, 33, 128}) {
                    for (boolean transposedA : new boolean[]{false, true}) {
                        int aRow = transposedA ? 1 : K, aK = transposedA ? M : 1;
                        float[] a = withZeros(random(M * K, random), M, K, aRow, aK, random);
                        float[] b = random(K * N, random), c0 = random(N, random);
                        float[] bp = pack(b, N, 1, K, N, N, scratch);
                        float[] expected = new float[M * N], actual = new float[M * N];
                        MatMul.multiplyNaive(new Matrix(a, aRow, aK), new Matrix(b, N, 1), new Matrix(expected, N, 1), new Matrix(c0, 0, 1), M, N, K);
                        MatMul.multiply(new Matrix(a, aRow, aK), Product.rowMajor(bp, actual, N, new Matrix(c0, 0, 1), M, N, K), 0, M, scratch);
                        assertArrayEquals(expected, actual, "M=" + M + " N=" + N + " K=" + K + " transposed A " + transposedA);
                    }
                }
            }
        }
    }

    @Test
    void runsOfOddLengthsGiveTheSameBits() {
        Random random = new Random(7);
        Scratch scratch = new Scratch();
        for (int K : new int[]{33, 37, 128}) {
            int M = 16;
            // runs of 1, 2, 3, … live columns, GAP or more apart, differently in rows 0-3 and 4-7;
            // the last column live, so that a run ends at K
            float[] dense = random(M * K, random), a = new float[M * K];
            for (int m = 0; m < M; m++) {
                int length = 1;
                for (int k = (m % 8) < 4 ? 0 : 1; k < K; k += 2 * length + Packing.GAP) {
                    for (int j = k; j < Math.min(K, k + length); j++) {
                        a[m * K + j] = dense[m * K + j];
                    }
                    length = length % 5 + 1;
                }
                a[m * K + K - 1] = dense[m * K + K - 1];
            }
            float[] ap = new float[K * MatMul.MR + MatMul.L];
            int[] runs = new int[2 * K + 2];
            assertTrue(Packing.packA(new Matrix(a, K, 1), null, 0, 8, K, new Strip(ap, 0, runs, 0, 0), scratch) >= 2,
                    "K=" + K + ": the strip has runs to jump between");
            for (int N : new int[]{16, 48, 100}) {
                for (boolean transposedA : new boolean[]{false, true}) {
                    int aRow = transposedA ? 1 : K, aK = transposedA ? M : 1;
                    float[] stored = transposedA ? transpose(a, M, K) : a;
                    float[] b = random(K * N, random), c0 = random(N, random);
                    float[] bp = pack(b, N, 1, K, N, N, scratch);
                    float[] expected = new float[M * N], actual = new float[M * N];
                    MatMul.multiplyNaive(new Matrix(stored, aRow, aK), new Matrix(b, N, 1), new Matrix(expected, N, 1), new Matrix(c0, 0, 1), M, N, K);
                    MatMul.multiply(new Matrix(stored, aRow, aK), Product.rowMajor(bp, actual, N, new Matrix(c0, 0, 1), M, N, K), 0, M, scratch);
                    assertArrayEquals(expected, actual, "N=" + N + " K=" + K + " transposed A " + transposedA);
                }
            }
        }
    }

    @Test
    void packingAKeepsEveryColumnAndItsRunsCoverEveryNonzero() {
        Random random = new Random(5);
        Scratch scratch = new Scratch();
        int M = 8, K = 37;
        float[] a = withZeros(random(M * K, random), M, K, K, 1, random);
        a[2 * K + 4] = -0f;                     // a negative zero is a zero too
        a[5 * K + 7] = Float.NaN;               // and a NaN is not: it must reach C
        for (int m = 0; m < M; m++) {
            for (int k = 20; k < 30; k++) {     // a stretch of blank columns longer than GAP: a run ends
                a[m * K + k] = 0f;
            }
        }
        float[] ap = new float[K * MatMul.MR + MatMul.L];
        int[] runs = new int[2 * K + 2];
        for (int[] layout : new int[][]{{K, 1}, {1, M}}) {          // rows gathered, and a transpose's rows loaded
            float[] stored = layout[0] == K ? a : transpose(a, M, K);
            for (int rows : new int[]{8, 3}) {
                String what = "rows " + rows + ", strides " + layout[0] + "," + layout[1];
                int count = Packing.packA(new Matrix(stored, layout[0], layout[1]), null, 0, rows, K, new Strip(ap, 0, runs, 0, 0), scratch);
                boolean[] inRun = new boolean[K];
                int blanks = 0;
                for (int r = 0; r < count; r++) {
                    int start = runs[2 * r], end = runs[2 * r + 1];
                    // where the tile is computed in halves, runs are made an even number of columns long: still apart
                    assertTrue(start < end && end <= K && (r == 0 || start - runs[2 * r - 1] >= (MatMul.NV == 2 ? Packing.GAP - 2 : Packing.GAP)),
                            what + ": run " + r);
                    assertTrue(MatMul.NV != 2 || count < 2 || (end - start) % 2 == 0, what + ": run " + r + " is an odd number of columns long");
                    for (int k = start; k < end; k++) {
                        inRun[k] = true;
                    }
                }
                for (int k = 0; k < K; k++) {
                    boolean nonzero = false;
                    for (int i = 0; i < MatMul.MR; i++) {
                        float x = i < rows ? a[i * K + k] : 0f;
                        assertEquals(x, ap[k * MatMul.MR + i], what + ", k " + k + ", row " + i);
                        nonzero |= x != 0f;
                    }
                    assertTrue(inRun[k] || !nonzero, what + ": column " + k + " has a nonzero outside the runs");
                    blanks += inRun[k] ? 0 : 1;
                }
                assertTrue(blanks >= 10 && blanks < K, what + ": the test's A has some, not all, columns skipped: " + blanks);
            }
        }
    }

    private static float[] transpose(float[] a, int M, int K) {
        float[] t = new float[M * K];
        for (int m = 0; m < M; m++) {
            for (int k = 0; k < K; k++) {
                t[k * M + m] = a[m * K + k];
            }
        }
        return t;
    }

    @Test
    void listedRowsGetTheirProductAndTheOthersAreLeftAlone() {
        Random random = new Random(6);
        Scratch scratch = new Scratch();
        for (int[] shape : new int[][]{{40, 100, 33}, {9, 49, 128}, {64, 784, 16}, {40, 10, 128}, {13, 1, 7}}) {
            int M = shape[0], N = shape[1], K = shape[2];
            float[] a = withZeros(random(M * K, random), M, K, 1, M, random);   // read transposed, as dyᵀ
            float[] b = random(K * N, random), bias = random(N, random), before = random(M * N, random);
            float[] bp = pack(b, N, 1, K, N, N, scratch);
            float[] all = new float[M * N];
            MatMul.multiplyNaive(new Matrix(a, 1, M), new Matrix(b, N, 1), new Matrix(all, N, 1), new Matrix(bias, 0, 1), M, N, K);
            for (int every : new int[]{1, 2, 3, 7}) {
                int[] rows = new int[M];
                int count = 0;
                for (int m = 1; m < M; m += every) {
                    rows[count++] = m;
                }
                float[] actual = before.clone();
                MatMul.multiplyRows(new Matrix(a, 1, M), rows, count, Product.rowMajor(bp, actual, N, Matrix.everyRow(bias), M, N, K), scratch);
                for (int m = 0; m < M; m++) {
                    boolean listed = m >= 1 && (m - 1) % every == 0;
                    float[] expected = listed ? all : before;
                    assertArrayEquals(java.util.Arrays.copyOfRange(expected, m * N, (m + 1) * N),
                            java.util.Arrays.copyOfRange(actual, m * N, (m + 1) * N),
                            "M=" + M + " N=" + N + " K=" + K + ", every " + every + ": row " + m + (listed ? "" : " (not listed)"));
                }
            }
        }
    }

    @Test
    void anyRowSplitGivesTheSameBits() {
        Random random = new Random(2);
        Scratch scratch = new Scratch();
        int M = 37, N = 61, K = 29;
        float[] a = random(M * K, random), b = random(K * N, random), c = random(M * N, random);
        float[] bp = pack(b, N, 1, K, N, 0, scratch);
        float[] whole = c.clone();
        MatMul.multiply(new Matrix(a, K, 1), Product.rowMajor(bp, whole, N, new Matrix(whole, N, 1), M, N, K), 0, M, scratch);
        for (int cut : new int[]{0, 1, 5, 8, 16, 36, 37}) {
            float[] split = c.clone();
            MatMul.multiply(new Matrix(a, K, 1), Product.rowMajor(bp, split, N, new Matrix(split, N, 1), M, N, K), 0, cut, scratch);
            MatMul.multiply(new Matrix(a, K, 1), Product.rowMajor(bp, split, N, new Matrix(split, N, 1), M, N, K), cut, M, scratch);
            assertArrayEquals(whole, split, "cut at row " + cut);
        }
    }

    @Test
    void aColumnSplitOverStripsPackedWholeEqualsTheDefinition() {
        Random random = new Random(4);
        Scratch scratch = new Scratch();
        Packing.Strips strips = new Packing.Strips();
        for (int M : new int[]{1, 8, 13, 37, 128}) {
            for (int N : new int[]{1, 10, 47, 48, 61, 100, 400}) {
                for (int K : new int[]{1, 5, 29, 64}) {
                    float[] a = random(M * K, random), b = random(K * N, random), c = random(M * N, random);
                    for (int i = 0; i < a.length; i++) {
                        if (random.nextInt(3) > 0 || i % K < K / 3) {  // zeros, and columns of zeros, to skip
                            a[i] = 0f;
                        }
                    }
                    for (boolean transposedA : new boolean[]{false, true}) {
                        int aRow = transposedA ? 1 : K, aK = transposedA ? M : 1;
                        int rowCut = M / 2 / MatMul.MR * MatMul.MR, columnCut = N / 2 / MatMul.NR * MatMul.NR;
                        String what = "M=" + M + " N=" + N + " K=" + K + " transposed A " + transposedA;
                        strips.size(M, K);
                        strips.pack(new Matrix(a, aRow, aK), 0, rowCut, K, scratch);   // two pieces, as two threads would
                        strips.pack(new Matrix(a, aRow, aK), rowCut, M, K, scratch);
                        float[] bp = pack(b, N, 1, K, N, columnCut, scratch);

                        float[] expected = c.clone(), actual = c.clone();               // C0 = C: accumulate
                        MatMul.multiplyNaive(new Matrix(a, aRow, aK), new Matrix(b, N, 1), new Matrix(expected, N, 1), new Matrix(expected, N, 1), M, N, K);
                        MatMul.multiplyColumns(strips, Product.rowMajor(bp, actual, N, new Matrix(actual, N, 1), M, N, K), columnCut, N, scratch);
                        MatMul.multiplyColumns(strips, Product.rowMajor(bp, actual, N, new Matrix(actual, N, 1), M, N, K), 0, columnCut, scratch);
                        assertArrayEquals(expected, actual, what);

                        float[] bias = random(N, random);                                // C0 one row for all rows
                        expected = new float[M * N];
                        actual = new float[M * N];
                        MatMul.multiplyNaive(new Matrix(a, aRow, aK), new Matrix(b, N, 1), new Matrix(expected, N, 1), new Matrix(bias, 0, 1), M, N, K);
                        MatMul.multiplyColumns(strips, Product.rowMajor(bp, actual, N, new Matrix(bias, 0, 1), M, N, K), 0, N, scratch);
                        assertArrayEquals(expected, actual, "with a bias: " + what);
                    }
                }
            }
        }
    }

    @Test
    void packingInPiecesEqualsPackingWhole() {
        Random random = new Random(3);
        Scratch scratch = new Scratch();
        for (int N : new int[]{1, 10, 48, 49, 100, 400, 785}) {
            int K = 13;
            float[] b = random(K * N, random);
            float[] whole = pack(b, 1, K, K, N, N, scratch);
            for (int cut : new int[]{1, 48, 97, 300}) {
                assertArrayEquals(whole, pack(b, 1, K, K, N, cut, scratch), "N=" + N + " cut at " + cut);
            }
        }
    }

    // Packing.transpose moves bits: every float of the block, NaN payloads and -0 included, lands on
    // its mirror place, and nothing else in the destination changes. Where vectors are not 4 or 8
    // floats wide it is not used (packFromPanels gathers), and there is nothing to test.
    @Test
    void aBlockTurnedRoundHasItsRowsAsColumnsBitForBit() {
        if (!Packing.TRANSPOSE) {
            return;
        }
        int L = MatMul.L, ss = L + 3, ds = 2 * L + 1, s0 = 5, d0 = 7;
        float[] src = new float[s0 + L * ss], dst = new float[d0 + L * ds + L];
        for (int i = 0; i < src.length; i++) {
            src[i] = Float.intBitsToFloat(0x7fc00000 | i);              // a NaN whose payload says where it came from
        }
        src[s0 + ss + 2] = -0f;
        java.util.Arrays.fill(dst, 42f);
        float[] expected = dst.clone();
        for (int r = 0; r < L; r++) {
            for (int c = 0; c < L; c++) {
                expected[d0 + c * ds + r] = src[s0 + r * ss + c];
            }
        }
        Packing.transpose(src, s0, ss, dst, d0, ds);
        for (int i = 0; i < dst.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(dst[i]), "element " + i + " at L=" + L);
        }
    }
}
