package vae.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

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
    private static float[] pack(float[] b, int bK, int bN, int K, int N, int cut, MatMul.Scratch scratch) {
        float[] bp = new float[MatMul.packedSize(K, N)];
        int n1 = Math.min(N, (cut + MatMul.NR - 1) / MatMul.NR * MatMul.NR);
        MatMul.packB(b, bK, bN, K, N, bp, 0, n1, scratch);
        MatMul.packB(b, bK, bN, K, N, bp, n1, N, scratch);
        return bp;
    }

    @Test
    void blockedEqualsNaiveForEverySizeAndLayout() {
        Random random = new Random(1);
        MatMul.Scratch scratch = new MatMul.Scratch();
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
                            MatMul.multiplyNaive(a, aRow, aK, b, bK, bN, expected, N, expected, N, M, N, K);
                            MatMul.multiply(a, aRow, aK, bp, actual, N, actual, N, 0, M, N, K, scratch);
                            assertArrayEquals(expected, actual, what);

                            float[] bias = random(N, random);                          // C0 one row for all rows
                            expected = new float[M * N];
                            actual = new float[M * N];
                            MatMul.multiplyNaive(a, aRow, aK, b, bK, bN, expected, N, bias, 0, M, N, K);
                            MatMul.multiply(a, aRow, aK, bp, actual, N, bias, 0, 0, M, N, K, scratch);
                            assertArrayEquals(expected, actual, "with a bias: " + what);
                        }
                    }
                }
            }
        }
    }

    @Test
    void anyRowSplitGivesTheSameBits() {
        Random random = new Random(2);
        MatMul.Scratch scratch = new MatMul.Scratch();
        int M = 37, N = 61, K = 29;
        float[] a = random(M * K, random), b = random(K * N, random), c = random(M * N, random);
        float[] bp = pack(b, N, 1, K, N, 0, scratch);
        float[] whole = c.clone();
        MatMul.multiply(a, K, 1, bp, whole, N, whole, N, 0, M, N, K, scratch);
        for (int cut : new int[]{0, 1, 5, 8, 16, 36, 37}) {
            float[] split = c.clone();
            MatMul.multiply(a, K, 1, bp, split, N, split, N, 0, cut, N, K, scratch);
            MatMul.multiply(a, K, 1, bp, split, N, split, N, cut, M, N, K, scratch);
            assertArrayEquals(whole, split, "cut at row " + cut);
        }
    }

    @Test
    void packingInPiecesEqualsPackingWhole() {
        Random random = new Random(3);
        MatMul.Scratch scratch = new MatMul.Scratch();
        for (int N : new int[]{1, 10, 48, 49, 100, 400, 785}) {
            int K = 13;
            float[] b = random(K * N, random);
            float[] whole = pack(b, 1, K, K, N, N, scratch);
            for (int cut : new int[]{1, 48, 97, 300}) {
                assertArrayEquals(whole, pack(b, 1, K, K, N, cut, scratch), "N=" + N + " cut at " + cut);
            }
        }
    }
}
