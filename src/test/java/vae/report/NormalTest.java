package vae.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NormalTest {

    // p, Φ⁻¹(p) to 16 digits (Python's statistics.NormalDist().inv_cdf, Wichura's AS241)
    static final double[][] QUANTILES = {
        {0.5, 0.0},
        {0.975, 1.959963984540054},
        {0.025, -1.959963984540054},
        {0.9, 1.2815515655446004},
        {0.841344746068543, 1.0},      // Φ(1)
        {0.15865525393145707, -1.0},   // Φ(-1)
        {0.02425, -1.9729610513118845}, // where the lower tail formula takes over
        {0.97575, 1.9729610513118847},  // and the upper one
        {0.001, -3.090232306167814},
        {0.999, 3.090232306167814},
        {1e-10, -6.361340902404056},
        {0.5 / 20, -1.959963984540054},   // the manifold's first column: (0 + ½) / 20
        {19.5 / 20, 1.959963984540054},   // and its last
    };

    @Test
    void matchesKnownQuantiles() {
        for (double[] q : QUANTILES) {
            double tolerance = 2e-9 * Math.max(1, Math.abs(q[1])); // Acklam: relative error < 1.15e-9
            assertEquals(q[1], Normal.quantile(q[0]), tolerance, "quantile(" + q[0] + ")");
        }
    }

    @Test
    void isSymmetricAndIncreasing() {
        double previous = Double.NEGATIVE_INFINITY;
        for (int i = 1; i < 1000; i++) {
            double p = i / 1000.0;
            double z = Normal.quantile(p);
            assertEquals(-z, Normal.quantile(1 - p), 1e-8, "symmetry at " + p);
            org.junit.jupiter.api.Assertions.assertTrue(z > previous, "increasing at " + p);
            previous = z;
        }
    }

    @Test
    void rejectsProbabilitiesOutsideTheOpenInterval() {
        for (double p : new double[] {0, 1, -0.1, 1.5, Double.NaN}) {
            assertThrows(IllegalArgumentException.class, () -> Normal.quantile(p), "p = " + p);
        }
    }

    @Test
    void logDensity() {
        assertEquals(-0.9189385332046727, Normal.logDensity(0), 1e-15); // -log √(2π)
        assertEquals(-0.9189385332046727 - 2, Normal.logDensity(2), 1e-15);
        assertEquals(Normal.logDensity(-1.5), Normal.logDensity(1.5), 0);
    }
}
