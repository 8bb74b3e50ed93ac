package vae.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ActiveUnitsTest {

    @Test
    void countsTheDimensionsWhoseMeanVaries() {
        // dimension 1 varies (±1: variance 1), 2 is constant (0), 3 varies a little (±0.05: variance 0.0025),
        // 4 just above the threshold (±0.11: variance 0.0121)
        float[][] means = {
            {1, 3, 0.05f, 0.11f},
            {-1, 3, -0.05f, -0.11f},
            {1, 3, 0.05f, 0.11f},
            {-1, 3, -0.05f, -0.11f},
        };
        double[] v = ActiveUnits.variances(means);
        assertArrayEquals(new double[] {1, 0, 0.0025, 0.0121}, v, 1e-7);
        assertEquals(2, ActiveUnits.count(v, ActiveUnits.THRESHOLD));
    }

    @Test
    void aLargeOffsetDoesNotHideASmallVariance() {
        // a mean of 1000 with ±0.2 around it: two passes keep the 0.04 that one pass of Σx² - (Σx)² would lose
        float[][] means = new float[1000][1];
        for (int i = 0; i < means.length; i++) {
            means[i][0] = 1000 + (i % 2 == 0 ? 0.25f : -0.25f);
        }
        assertEquals(0.0625, ActiveUnits.variances(means)[0], 1e-9);
        assertEquals(1, ActiveUnits.count(ActiveUnits.variances(means), ActiveUnits.THRESHOLD));
    }

    @Test
    void aModelWhoseMeanIgnoresTheImageHasNoActiveUnit() {
        var k = new vae.tensor.ScalarKernels();
        var model = ReportFixtures.model(k, new vae.model.VaeConfig(16, 8, 4, 3), 8, 1);
        // zero the μ head's weights: μ = its bias, the same for every image
        var weight = model.layers().get(2).weight.value;
        k.upload(new float[weight.size()], weight.size(), weight);
        float[][] means = new Latents(model, k).means(ReportFixtures.digits(30, 4, 4, 2));
        assertEquals(0, ActiveUnits.count(ActiveUnits.variances(means), ActiveUnits.THRESHOLD));
    }
}
