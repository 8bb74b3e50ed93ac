package vae.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import vae.nn.Rng;

class SymmetricEigenTest {

    @Test
    void jacobiDiagonalisesASymmetricMatrix() {
        double[][] a = {{4, 1, -2, 0.5}, {1, 3, 0, 1}, {-2, 0, 5, 2}, {0.5, 1, 2, 1}};
        double[][] original = copy(a);
        double[][] v = SymmetricEigen.jacobi(a);
        for (int i = 0; i < 4; i++) {                     // Σ_k λ_k v_k v_kᵀ is the matrix again
            for (int j = 0; j < 4; j++) {
                double s = 0;
                for (int k = 0; k < 4; k++) {
                    s += v[k][i] * a[k][k] * v[k][j];
                }
                assertEquals(original[i][j], s, 1e-12);
                if (i != j) {
                    assertEquals(0, a[i][j], 1e-9);
                }
            }
        }
    }

    @Test
    void eigenvaluesOfATwoByTwoMatrixByHand() {
        // [[2, 1], [1, 2]]: eigenvalues 1 and 3, eigenvectors (1, -1)/√2 and (1, 1)/√2
        double[][] a = {{2, 1}, {1, 2}};
        double[][] v = SymmetricEigen.jacobi(a);
        int small = a[0][0] < a[1][1] ? 0 : 1;
        assertEquals(1, a[small][small], 1e-15);
        assertEquals(3, a[1 - small][1 - small], 1e-15);
        assertEquals(0, v[small][0] + v[small][1], 1e-15, "(1, -1)/√2, up to its sign");
        assertEquals(0, v[1 - small][0] - v[1 - small][1], 1e-15, "(1, 1)/√2, up to its sign");
    }

    @Test
    void theRowsAreOrthonormalForAFourHundredByFourHundredCovariance() {
        int d = 400;
        double[][] a = randomCovariance(d, 3);
        double[][] original = copy(a);
        double[][] v = SymmetricEigen.jacobi(a);
        Rng rng = new Rng(4);
        for (int t = 0; t < 200; t++) {                   // spot checks: vᵢ·vⱼ = δᵢⱼ, and the matrix rebuilt
            int i = rng.nextInt(d), j = rng.nextInt(d);
            double dot = 0, rebuilt = 0;
            for (int k = 0; k < d; k++) {
                dot += v[i][k] * v[j][k];
                rebuilt += v[k][i] * a[k][k] * v[k][j];
            }
            assertEquals(i == j ? 1 : 0, dot, 1e-12);
            assertEquals(original[i][j], rebuilt, 1e-12);
        }
    }

    /** XᵀX / n of 2d random points of d coordinates, some always 0: the shape of a ReLU layer's covariance. */
    static double[][] randomCovariance(int d, long seed) {
        Rng rng = new Rng(seed);
        int n = 2 * d;
        double[][] c = new double[d][d];
        double[] x = new double[d];
        for (int s = 0; s < n; s++) {
            for (int j = 0; j < d; j++) {
                x[j] = j % 7 == 0 ? 0 : Math.max(0, rng.nextGaussian()) * (1 + j % 5);
            }
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    c[i][j] += x[i] * x[j] / n;
                }
            }
        }
        return c;
    }

    static double[][] copy(double[][] m) {
        double[][] out = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = m[i].clone();
        }
        return out;
    }
}
