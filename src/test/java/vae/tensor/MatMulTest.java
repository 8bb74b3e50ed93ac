package vae.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The blocked product against its definition: bit for bit, whatever the sizes and the row split. */
class MatMulTest {
    private static final int[] SIZES = {1, 2, 7, 8, 13, 16, 17, 47, 48, 49, 64, 100};

    private static float[] random(int n, Random random) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextFloat() * 2 - 1;
        }
        return x;
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
                        int aRow = transposedA ? 1 : K, aK = transposedA ? M : 1;   // a is (M, K) or (K, M)
                        float[] expected = c.clone(), actual = c.clone();
                        MatMul.multiplyNaive(a, aRow, aK, b, N, expected, N, expected, N, M, N, K);
                        MatMul.multiply(a, aRow, aK, b, N, actual, N, actual, N, 0, M, N, K, scratch);
                        assertArrayEquals(expected, actual, "M=" + M + " N=" + N + " K=" + K + " transposedA=" + transposedA);
                        float[] bias = random(N, random);            // C0 one row for all rows, as linearForward does
                        float[] expectedBias = new float[M * N], actualBias = new float[M * N];
                        MatMul.multiplyNaive(a, aRow, aK, b, N, expectedBias, N, bias, 0, M, N, K);
                        MatMul.multiply(a, aRow, aK, b, N, actualBias, N, bias, 0, 0, M, N, K, scratch);
                        assertArrayEquals(expectedBias, actualBias, "with a bias: M=" + M + " N=" + N + " K=" + K);
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
        float[] whole = c.clone();
        MatMul.multiply(a, K, 1, b, N, whole, N, whole, N, 0, M, N, K, scratch);
        for (int cut : new int[]{0, 1, 5, 8, 16, 36, 37}) {
            float[] split = c.clone();
            MatMul.multiply(a, K, 1, b, N, split, N, split, N, 0, cut, N, K, scratch);
            MatMul.multiply(a, K, 1, b, N, split, N, split, N, cut, M, N, K, scratch);
            assertArrayEquals(whole, split, "cut at row " + cut);
        }
    }

    @Test
    void transposeMovesEveryElement() {
        Random random = new Random(3);
        MatMul.Scratch scratch = new MatMul.Scratch();
        for (int R : SIZES) {
            for (int C : SIZES) {
                float[] w = random(R * C, random), expected = new float[R * C], actual = new float[R * C];
                for (int i = 0; i < R; i++) {
                    for (int j = 0; j < C; j++) {
                        expected[j * R + i] = w[i * C + j];
                    }
                }
                int cut = Math.min(R, MatMul.L);
                MatMul.transpose(w, R, C, actual, 0, cut, scratch);
                MatMul.transpose(w, R, C, actual, cut, R, scratch);
                assertArrayEquals(expected, actual, R + "x" + C);
            }
        }
    }
}
