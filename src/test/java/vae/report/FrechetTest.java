package vae.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import vae.nn.Rng;
import vae.report.Frechet.Moments;

/** The Fréchet distance against cases worked out by hand, and the matrix square root it is built on. */
class FrechetTest {

    static Moments gaussian(double[] mean, double[][] cov) {
        return new Moments(mean, cov);
    }

    @Test
    void momentsOfFourPointsByHand() {
        // the corners of a square of side 2: mean (1, 1), variance Σ (±1)² / (4 − 1) = 4/3 on each axis, no covariance
        Moments m = Moments.of(new float[][] {{0, 0}, {2, 0}, {0, 2}, {2, 2}});
        assertArrayEquals(new double[] {1, 1}, m.mean(), 0);
        assertArrayEquals(new double[] {4 / 3.0, 0}, m.cov()[0], 1e-15);
        assertArrayEquals(new double[] {0, 4 / 3.0}, m.cov()[1], 1e-15);
    }

    @Test
    void aSetAgainstItselfIsZero() {
        Rng rng = new Rng(1);
        float[][] points = new float[500][20];
        for (float[] p : points) {
            for (int j = 0; j < p.length; j++) {
                p[j] = (float) Math.max(0, rng.nextGaussian() + j % 3);   // ReLU-like: some zeros
            }
        }
        Moments m = Moments.of(points);
        double trace = 0;
        for (int j = 0; j < 20; j++) {
            trace += m.cov()[j][j];
        }
        assertEquals(0, Frechet.distance(m, m), 1e-10 * trace);
    }

    @Test
    void diagonalCovariances() {
        // C1 = diag(σ1²), C2 = diag(σ2²) commute: d² = ‖μ1 − μ2‖² + Σ (σ1 − σ2)²
        Moments one = gaussian(new double[] {0, 1, 2}, new double[][] {{1, 0, 0}, {0, 4, 0}, {0, 0, 9}});
        Moments two = gaussian(new double[] {1, 1, 0}, new double[][] {{4, 0, 0}, {0, 4, 0}, {0, 0, 1}});
        double expected = (1 + 0 + 4) + (1 + 0 + 4);   // means, then (1 − 2)² + (2 − 2)² + (3 − 1)²
        assertEquals(expected, Frechet.distance(one, two), 1e-12);
    }

    @Test
    void commutingCovariances() {
        // both diagonal in the same rotated axes, C = R diag(λ) Rᵀ: d² = Σ (√λ1 − √λ2)², the axes do not matter
        double angle = 0.7, c = Math.cos(angle), s = Math.sin(angle);
        double[][] r = {{c, -s}, {s, c}};
        Moments one = gaussian(new double[] {0, 0}, rotated(r, new double[] {1, 9}));
        Moments two = gaussian(new double[] {0, 0}, rotated(r, new double[] {4, 16}));
        assertEquals(1 + 1, Frechet.distance(one, two), 1e-12, "(1 − 2)² + (3 − 4)²");
    }

    @Test
    void nonCommutingCovariancesByHand() {
        // C1 = diag(1, 4), so C1^½ = diag(1, 2); C2 = [[2, 1], [1, 2]]; C1^½ C2 C1^½ = [[2, 2], [2, 8]],
        // trace 10 and determinant 12. A 2 × 2 M ≥ 0 has tr M^½ = √λ1 + √λ2 = √(tr M + 2 √det M) = √(10 + 4√3).
        // d² = ‖(1, 2)‖² + tr C1 + tr C2 − 2 √(10 + 4√3) = 5 + 5 + 4 − 2 √(10 + 4√3) ≈ 5.771218
        Moments one = gaussian(new double[] {0, 0}, new double[][] {{1, 0}, {0, 4}});
        Moments two = gaussian(new double[] {1, 2}, new double[][] {{2, 1}, {1, 2}});
        double expected = 14 - 2 * Math.sqrt(10 + 4 * Math.sqrt(3));
        assertEquals(expected, Frechet.distance(one, two), 1e-12);
        assertEquals(expected, Frechet.distance(two, one), 1e-12, "the distance is symmetric, though C1^½ C2 C1^½ is not C2^½ C1 C2^½");
    }

    @Test
    void squareRootOfATwoByTwoMatrixByHand() {
        // [[2, 1], [1, 2]]² = [[5, 4], [4, 5]]
        double[][] root = Frechet.sqrt(new double[][] {{5, 4}, {4, 5}});
        assertArrayEquals(new double[] {2, 1}, root[0], 1e-14);
        assertArrayEquals(new double[] {1, 2}, root[1], 1e-14);
    }

    @Test
    void squareRootOfAFourHundredByFourHundredMatrix() {
        // S symmetric positive definite and known, C = S·S: the square root of C is S again
        int d = 400;
        double[][] s = SymmetricEigenTest.randomCovariance(d, 5);
        for (int i = 0; i < d; i++) {
            s[i][i] += 0.1;                              // definite: the root is unique
        }
        double[][] c = Frechet.multiply(s, s);
        long begin = System.nanoTime();
        double[][] root = Frechet.sqrt(c);
        double seconds = (System.nanoTime() - begin) / 1e9;
        double worst = 0, largest = 0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                worst = Math.max(worst, Math.abs(root[i][j] - s[i][j]));
                largest = Math.max(largest, Math.abs(s[i][j]));
            }
        }
        assertTrue(worst <= 1e-9 * largest, "largest error " + worst + " of entries up to " + largest);
        assertTrue(seconds < 30, "the square root of a 400 × 400 matrix took " + seconds + " s");
    }

    // R diag(λ) Rᵀ
    static double[][] rotated(double[][] r, double[] lambda) {
        int d = lambda.length;
        double[][] out = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                for (int k = 0; k < d; k++) {
                    out[i][j] += r[i][k] * lambda[k] * r[j][k];
                }
            }
        }
        return out;
    }
}
