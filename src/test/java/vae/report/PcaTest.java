package vae.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import vae.nn.Rng;

class PcaTest {

    @Test
    void recoversTheAxesAndVariancesOfSyntheticData() {
        // 20,000 points in 3-D: standard deviations 3, 2 and 1 along three orthonormal axes, shifted
        double[][] axes = {{2 / 3.0, 2 / 3.0, 1 / 3.0}, {-2 / 3.0, 1 / 3.0, 2 / 3.0}, {1 / 3.0, -2 / 3.0, 2 / 3.0}};
        double[] sd = {3, 2, 1}, shift = {5, -1, 2};
        Rng rng = new Rng(3);
        float[][] points = new float[20_000][3];
        for (float[] p : points) {
            for (int k = 0; k < 3; k++) {
                double c = sd[k] * rng.nextGaussian();
                for (int j = 0; j < 3; j++) {
                    p[j] += (float) (c * axes[k][j]);
                }
            }
            for (int j = 0; j < 3; j++) {
                p[j] += (float) shift[j];
            }
        }
        Pca pca = Pca.fit(points);
        for (int k = 0; k < 3; k++) {
            assertEquals(sd[k] * sd[k], pca.variance()[k], 0.03 * sd[k] * sd[k], "variance along axis " + k);
            double dot = 0;
            for (int j = 0; j < 3; j++) {
                dot += pca.axis(k)[j] * axes[k][j];
            }
            assertEquals(1.0, Math.abs(dot), 1e-3, "axis " + k + " found, up to its sign");
        }
        assertEquals(13.0 / 14.0, pca.explained(2), 0.01, "(9 + 4) / (9 + 4 + 1) of the variance on two axes");
        float[][] projected = pca.project(points, 2);
        double mean = 0;
        for (float[] p : projected) {
            mean += p[0] / projected.length;
        }
        assertEquals(0, mean, 1e-3, "the projection is centred");
    }
}
