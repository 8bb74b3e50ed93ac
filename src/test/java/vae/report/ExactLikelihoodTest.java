package vae.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vae.data.Mnist;
import vae.model.Vae;
import vae.model.VaeConfig;
import vae.nn.Rng;
import vae.tensor.Kernels;
import vae.tensor.ScalarKernels;
import vae.fast.VectorKernels;
import vae.train.TrainConfig;
import vae.train.Trainer;

/** log p(x) by quadrature: the product path against the loss's own BCE, its convergence, and its place between the bounds. */
class ExactLikelihoodTest {
    static final int IMAGES = 100;
    static Kernels k;
    static Vae trained;          // 784 → 64 → 10 → 2, two epochs on 5,000 MNIST images
    static Mnist test;

    @BeforeAll
    static void aSmallTrainedModel(@TempDir Path dir) {
        k = new VectorKernels(2);
        Mnist train = Mnist.load(Mnist.DIR, true).subset(Latents.identity(5000));
        test = Mnist.load(Mnist.DIR, false).subset(Latents.identity(IMAGES));
        TrainConfig config = new TrainConfig(new VaeConfig(784, 64, 10, 2), 2, 64, 1e-3, 42, Mnist.DIR, dir, 2);
        Trainer trainer = new Trainer(config, k, train, test, new PrintStream(new ByteArrayOutputStream()));
        trainer.run();
        trained = new Vae(k, config.model(), 256);
        for (int p = 0; p < trained.parameters().size(); p++) {   // the trained weights, in a model of batch 256
            float[] values = new float[trainer.model().parameters().get(p).value.size()];
            k.download(trainer.model().parameters().get(p).value, values.length, values);
            k.upload(values, values.length, trained.parameters().get(p).value);
        }
    }

    @AfterAll
    static void closeKernels() {
        k.close();
    }

    @Test
    void theProductOfImagesAndLogitsIsTheLossesOwnBce() {
        ScalarKernels scalar = new ScalarKernels();
        Mnist digits = ReportFixtures.digits(6, 4, 4, 3);
        Vae model = ReportFixtures.model(scalar, new VaeConfig(16, 8, 4, 2), 8, 5);
        Latents latents = new Latents(model, scalar);
        ExactLikelihood exact = new ExactLikelihood(latents, scalar);
        // a resolution that never refines: the coarse grid alone, through the product X·Wᵀ + b
        ExactLikelihood.Resolution coarseOnly = new ExactLikelihood.Resolution(4, 20, 1e-9, 1);
        ExactLikelihood.Result r = exact.measure(digits, coarseOnly);
        LatentGrid grid = LatentGrid.centred(4, 20);
        float[] codes = new float[2 * grid.cells()];
        for (int c = 0; c < grid.cells(); c++) {
            codes[2 * c] = (float) grid.z1(c);
            codes[2 * c + 1] = (float) grid.z2(c);
        }
        for (int i = 0; i < digits.count(); i++) {
            double[] joints = exact.logJoints(Latents.images(digits, new int[] {i})[0], codes, grid.cells());
            double[] terms = new double[grid.cells()];
            for (int c = 0; c < grid.cells(); c++) {
                terms[c] = joints[c] + grid.logCellArea();
            }
            assertEquals(LogMath.logSumExp(terms, terms.length), r.logPx()[i], 1e-4, "image " + i);
        }
    }

    @Test
    void halvingEverySpacingMovesTheAverageByLessThanAHundredthOfANat() {
        ExactLikelihood exact = new ExactLikelihood(new Latents(trained, k), k);
        float[] images = new float[IMAGES * 784], mu = new float[2 * IMAGES], logvar = new float[2 * IMAGES];
        exact.encodeAll(test, images, mu, logvar);
        ExactLikelihood.Resolution standard = ExactLikelihood.Resolution.standard(exact.range(mu));
        double a = ExactLikelihood.Result.mean(exact.measure(test, standard).logPx());
        double b = ExactLikelihood.Result.mean(exact.measure(test, standard.halved()).logPx());
        assertEquals(b, a, 0.01, "log p(x) " + a + " at the standard resolution, " + b + " at half its spacings");
    }

    @Test
    void theEvidenceLiesAboveBothBounds() {
        Latents latents = new Latents(trained, k);
        ExactLikelihood exact = new ExactLikelihood(latents, k);
        float[] images = new float[IMAGES * 784], mu = new float[2 * IMAGES], logvar = new float[2 * IMAGES];
        exact.encodeAll(test, images, mu, logvar);
        ExactLikelihood.Result r = exact.measure(test, ExactLikelihood.Resolution.standard(exact.range(mu)));
        double logPx = ExactLikelihood.Result.mean(r.logPx()), elbo = ExactLikelihood.Result.mean(r.elbo());
        double iwae = new ImportanceWeighted(latents, k, 100).logLikelihood(test, Rng.stream(42, 1, 0));
        assertTrue(elbo < iwae && iwae < logPx, "ELBO " + elbo + " < IWAE(100) " + iwae + " < log p(x) " + logPx);
        for (int i = 0; i < IMAGES; i++) {
            assertTrue(r.elbo()[i] <= r.logPx()[i] + 1e-6, "the ELBO of image " + i + " is below its log p(x): KL ≥ 0");
        }
    }

    @Test
    void anUnbiasedImportanceSampleAgreesWithTheQuadrature() {
        // p(x) = E_r[p(x, z) / r(z)] for any r that covers the posterior: here r picks a cell of a
        // 200 × 200 grid with probability ∝ p(x, centre)·area, then a point uniformly inside it.
        // Random points, not centres: an estimate that shares none of the midpoint rule's error.
        Latents latents = new Latents(trained, k);
        ExactLikelihood exact = new ExactLikelihood(latents, k);
        float[] images = new float[IMAGES * 784], mu = new float[2 * IMAGES], logvar = new float[2 * IMAGES];
        exact.encodeAll(test, images, mu, logvar);
        double range = exact.range(mu);
        ExactLikelihood.Result r = exact.measure(test, ExactLikelihood.Resolution.standard(range));
        LatentGrid grid = LatentGrid.centred(range, 200);
        float[] centres = new float[2 * grid.cells()];
        for (int c = 0; c < grid.cells(); c++) {
            centres[2 * c] = (float) grid.z1(c);
            centres[2 * c + 1] = (float) grid.z2(c);
        }
        Rng rng = new Rng(11);
        int samples = 8192;
        for (int i : new int[] {0, 1, 2}) {
            float[] image = java.util.Arrays.copyOfRange(images, i * 784, (i + 1) * 784);
            double[] logW = exact.logJoints(image, centres, grid.cells());
            double logTotal = LogMath.logSumExp(logW, logW.length);
            double[] cumulative = new double[logW.length];
            for (int c = 0; c < logW.length; c++) {
                cumulative[c] = (c == 0 ? 0 : cumulative[c - 1]) + Math.exp(logW[c] - logTotal);
            }
            float[] z = new float[2 * samples];
            double[] logR = new double[samples];
            for (int m = 0; m < samples; m++) {
                int c = java.util.Arrays.binarySearch(cumulative, rng.nextDouble() * cumulative[logW.length - 1]);
                c = Math.min(logW.length - 1, c < 0 ? -c - 1 : c);
                z[2 * m] = (float) (grid.z1(c) + (rng.nextDouble() - 0.5) * grid.spacing());
                z[2 * m + 1] = (float) (grid.z2(c) + (rng.nextDouble() - 0.5) * grid.spacing());
                logR[m] = logW[c] - logTotal - grid.logCellArea();       // r's density in that cell
            }
            double[] joint = exact.logJoints(image, z, samples), ratio = new double[samples];
            for (int m = 0; m < samples; m++) {
                ratio[m] = joint[m] - logR[m];
            }
            assertEquals(LogMath.logMeanExp(ratio, samples), r.logPx()[i], 0.02, "image " + i);
        }
    }

    @Test
    void aModelWithThreeLatentDimensionsIsRefused() {
        ScalarKernels scalar = new ScalarKernels();
        Vae model = ReportFixtures.model(scalar, new VaeConfig(16, 8, 4, 3), 8, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ExactLikelihood(new Latents(model, scalar), scalar));
        assertTrue(e.getMessage().contains("3 latent dimensions"), e.getMessage());
    }
}
