package vae.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import vae.data.Mnist;
import vae.model.Vae;
import vae.model.VaeConfig;
import vae.tensor.ScalarKernels;

class DigitErrorsTest {
    final ScalarKernels k = new ScalarKernels();

    @Test
    void perDigitMeansOfTheBceOfTheReconstructionFromMu() {
        Mnist data = ReportFixtures.digits(37, 4, 4, 3); // 4 images of digits 0..6, 3 of 7..9
        Vae model = ReportFixtures.model(k, new VaeConfig(16, 8, 4, 2), 5, 2);
        Latents latents = new Latents(model, k);
        DigitErrors errors = DigitErrors.measure(latents, k, data);

        float[][] images = Latents.images(data, Latents.identity(data.count()));
        float[][] decoded = latents.reconstruct(data, Latents.identity(data.count()));
        double[] sum = new double[10];
        int[] count = new int[10];
        double total = 0;
        for (int i = 0; i < images.length; i++) {
            double bce = bce(images[i], decoded[i]);
            sum[data.label(i)] += bce;
            count[data.label(i)]++;
            total += bce;
        }
        for (int d = 0; d < 10; d++) {
            assertEquals(count[d], errors.count(d));
            assertEquals(sum[d] / count[d], errors.mean(d), 1e-4, "digit " + d);
        }
        assertEquals(total / images.length, errors.mean(), 1e-4);
    }

    // -Σ x log y + (1 - x) log(1 - y), in double
    static double bce(float[] x, float[] y) {
        double sum = 0;
        for (int p = 0; p < x.length; p++) {
            sum -= x[p] * Math.log(y[p]) + (1 - x[p]) * Math.log(1 - y[p]);
        }
        return sum;
    }

    @Test
    void aDigitWithNoImagesHasNoMean() {
        Mnist data = ReportFixtures.digits(3, 4, 4, 3); // digits 0, 1, 2
        Vae model = ReportFixtures.model(k, new VaeConfig(16, 8, 4, 2), 5, 2);
        DigitErrors errors = DigitErrors.measure(new Latents(model, k), k, data);
        assertTrue(Double.isNaN(errors.mean(5)));
        assertEquals(0, errors.count(5));
        assertTrue(errors.mean(1) > 0);
    }
}
