package vae.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import vae.data.Mnist;
import vae.model.Vae;
import vae.model.VaeConfig;
import vae.model.VaeLoss;
import vae.nn.Rng;
import vae.tensor.Kernels;
import vae.tensor.ScalarKernels;
import vae.tensor.Tensor;
import vae.train.Batch;
import vae.train.Evaluator;

class ImportanceWeightedTest {
    final Kernels k = new ScalarKernels();

    @Test
    void isATighterBoundThanTheElbo() {
        VaeConfig c = new VaeConfig(784, 32, 8, 2);
        Mnist data = ReportFixtures.digits(100, 28, 28, 5);
        Vae model = ReportFixtures.trained(k, c, 50, data, 15, 7);
        double elbo = -new Evaluator(model, new VaeLoss(k, c, 50), new Batch(k, c, 50)).evaluate(data, new Rng(3)).loss();
        double iwae = new ImportanceWeighted(new Latents(model, k), k, 50).logLikelihood(data, new Rng(4));
        double iwae1 = new ImportanceWeighted(new Latents(model, k), k, 1).logLikelihood(data, new Rng(4));
        System.out.printf("ELBO %.4f, IWAE K=1 %.4f, K=50 %.4f%n", elbo, iwae1, iwae);
        assertTrue(iwae > elbo, "IWAE " + iwae + " should exceed the ELBO " + elbo);
        assertTrue(iwae > iwae1, "K = 50 (" + iwae + ") should exceed K = 1 (" + iwae1 + ")");
        assertTrue(iwae < 0, "log p(x) of a Bernoulli model is below 0: " + iwae);
    }

    @Test
    void approachesLogPxComputedByQuadrature() {
        // with one latent dimension, p(x) = ∫ p(x|z) N(z; 0, 1) dz can be summed on a fine grid
        VaeConfig c = new VaeConfig(16, 16, 4, 1);
        Mnist data = ReportFixtures.digits(20, 4, 4, 8);
        Vae model = ReportFixtures.trained(k, c, 20, data, 200, 9);
        double exact = quadrature(model, data);
        double iwae = new ImportanceWeighted(new Latents(model, k), k, 2000).logLikelihood(data, new Rng(10));
        System.out.printf("log p(x): quadrature %.5f, IWAE K=2000 %.5f%n", exact, iwae);
        assertEquals(exact, iwae, 0.02);
    }

    // mean over the images of log Σ_g p(x|z_g) N(z_g) Δz, z_g on [-10, 10] in steps of 0.005
    private double quadrature(Vae model, Mnist data) {
        int G = 4001, IN = model.config.input();
        double dz = 20.0 / (G - 1);
        Latents latents = new Latents(model, k);
        float[][] grid = new float[G][1];
        for (int g = 0; g < G; g++) {
            grid[g][0] = (float) (-10 + g * dz);
        }
        float[][] decoded = latents.decode(grid);
        float[][] images = Latents.images(data, Latents.identity(data.count()));
        double sum = 0;
        double[] terms = new double[G];
        for (float[] x : images) {
            for (int g = 0; g < G; g++) {
                double logPxz = 0;
                for (int p = 0; p < IN; p++) {
                    double y = decoded[g][p];
                    logPxz += x[p] * Math.log(y) + (1 - x[p]) * Math.log(1 - y);
                }
                terms[g] = logPxz + Normal.logDensity(grid[g][0]) + Math.log(dz);
            }
            sum += LogMath.logSumExp(terms, G);
        }
        return sum / images.length;
    }

    @Test
    void theSameForAnyBatchSize() {
        VaeConfig c = new VaeConfig(16, 8, 4, 2);
        Mnist data = ReportFixtures.digits(23, 4, 4, 11);
        double small = new ImportanceWeighted(new Latents(ReportFixtures.model(k, c, 7, 1), k), k, 5)
                .logLikelihood(data, new Rng(12));
        double large = new ImportanceWeighted(new Latents(ReportFixtures.model(k, c, 64, 1), k), k, 5)
                .logLikelihood(data, new Rng(12));
        assertEquals(small, large, 1e-9);
    }

    @Test
    void oneSampleIsAnEstimateOfTheElbo() {
        // K = 1: log p(x|z) + log p(z) - log q(z|x), whose mean over z is the ELBO; over many images
        // and a few noise seeds it is close to the ELBO of the loss (analytic KL)
        VaeConfig c = new VaeConfig(16, 8, 4, 2);
        Mnist data = ReportFixtures.digits(400, 4, 4, 13);
        Vae model = ReportFixtures.trained(k, c, 50, data, 20, 14);
        double elbo = -new Evaluator(model, new VaeLoss(k, c, 50), new Batch(k, c, 50)).evaluate(data, new Rng(15)).loss();
        double iwae1 = new ImportanceWeighted(new Latents(model, k), k, 1).logLikelihood(data, new Rng(16));
        assertEquals(elbo, iwae1, 0.05 * Math.abs(elbo));
    }

    @Test
    void needsASample() {
        Vae model = ReportFixtures.model(k, new VaeConfig(16, 8, 4, 2), 4, 1);
        assertThrows(IllegalArgumentException.class, () -> new ImportanceWeighted(new Latents(model, k), k, 0));
    }

    @Test
    void decodedLogitsAreNotChangedByEncodingBetweenThem() {
        // ImportanceWeighted encodes a block and decodes its rows: the decoder must not read stale buffers
        Vae model = ReportFixtures.model(k, new VaeConfig(16, 8, 4, 2), 4, 1);
        Latents latents = new Latents(model, k);
        float[] z = {0.5f, -1f};
        float[] first = new float[16], again = new float[16];
        Tensor logits = latents.decodeLogits(z, 1);
        k.download(logits, 16, first);
        latents.encode(ReportFixtures.digits(4, 4, 4, 1), Latents.identity(4), 0, 4);
        k.download(latents.decodeLogits(z, 1), 16, again);
        org.junit.jupiter.api.Assertions.assertArrayEquals(first, again);
    }
}
