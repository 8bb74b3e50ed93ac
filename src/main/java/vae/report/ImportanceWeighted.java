package vae.report;

import vae.data.Mnist;
import vae.model.Vae;
import vae.nn.Rng;
import vae.tensor.Kernels;
import vae.tensor.Tensor;

/**
 * The importance-weighted estimate of log p(x) (Burda, Grosse and Salakhutdinov 2016): with
 * K samples z_k ~ q(z|x) from the encoder,
 * <pre>
 *   log p(x) ≈ log (1/K) Σ_k  p(x|z_k) p(z_k) / q(z_k|x)
 * </pre>
 * Its expectation is a lower bound on log p(x) that never falls below the ELBO (K = 1 is the
 * ELBO) and rises towards log p(x) as K grows. p(x|z) is the same Bernoulli cross-entropy the
 * loss uses, so the bound is directly comparable to the test loss.
 *
 * <p>Cost: one decoder pass per sample, K per image: the 10,000 test images with K = 100 are a
 * million decoder rows: about ten seconds with the vector kernels on two cores, against a
 * second for the test loss.
 *
 * <p>Rows are laid out image by image, sample by sample, and ε is drawn in that order from one
 * generator, so the estimate is the same for any batch size.
 */
public final class ImportanceWeighted {
    private final Latents latents;
    private final Kernels k;
    private final int input, latent, maxBatch, samples;
    private final Tensor x;        // (maxB, IN): each image repeated once per sample
    private final Tensor dLogits;  // (maxB, IN), unused: bceWithLogits writes it anyway
    private final Tensor rowBce;   // (maxB, 1)
    private final float[] pixels, codes, noise, bce;
    private final float[] mu, logvar;       // (maxB, Z): one batch of encoded images
    private final float[] image;            // (IN): the image of the current row
    private final double[] logWeights;      // (K): the samples of one image
    private final int[] rowImage;           // (maxB): which image each row of a batch belongs to

    public ImportanceWeighted(Latents latents, Kernels k, int samples) {
        if (samples < 1) {
            throw new IllegalArgumentException("the importance-weighted bound needs at least 1 sample, got " + samples);
        }
        Vae model = latents.model();
        this.latents = latents;
        this.k = k;
        this.samples = samples;
        this.input = model.config.input();
        this.latent = model.config.latent();
        this.maxBatch = model.maxBatch;
        this.x = k.allocate(maxBatch, input);
        this.dLogits = k.allocate(maxBatch, input);
        this.rowBce = k.allocate(maxBatch, 1);
        this.pixels = new float[maxBatch * input];
        this.codes = new float[maxBatch * latent];
        this.noise = new float[maxBatch * latent];
        this.bce = new float[maxBatch];
        this.mu = new float[maxBatch * latent];
        this.logvar = new float[maxBatch * latent];
        this.image = new float[input];
        this.logWeights = new double[samples];
        this.rowImage = new int[maxBatch];
    }

    /** The estimate of log p(x), averaged over the images of data; ε comes from rng. */
    public double logLikelihood(Mnist data, Rng rng) {
        int n = data.count();
        int[] order = Latents.identity(n);
        double sum = 0;
        for (int from = 0; from < n; from += maxBatch) {
            int B = Math.min(maxBatch, n - from);
            latents.encode(data, order, from, B);
            k.download(latents.model().mu(), B * latent, mu);
            k.download(latents.model().logvar(), B * latent, logvar);
            sum += sumOverBlock(data, from, B, rng);
        }
        return sum / n;
    }

    // images from .. from+B, whose μ and log σ² are in mu and logvar: Σ over them of log p(x)
    private double sumOverBlock(Mnist data, int from, int B, Rng rng) {
        double sum = 0;
        int rows = 0;
        long total = (long) B * samples;
        for (long row = 0; row < total; row++) {
            int i = (int) (row / samples);
            if (row % samples == 0) {
                data.copyImages(new int[] {from + i}, 0, 1, image);
            }
            System.arraycopy(image, 0, pixels, rows * input, input);
            sample(i, rows, rng);
            rowImage[rows] = i;
            rows++;
            if (rows == maxBatch || row == total - 1) {
                sum += scoreRows(rows, row - rows + 1);
                rows = 0;
            }
        }
        return sum;
    }

    //> iwae sample
    // z = μ + ε·σ for row r, ε ~ N(0, I); ε goes to noise, z to codes
    private void sample(int image, int r, Rng rng) {
        for (int j = 0; j < latent; j++) {
            float eps = (float) rng.nextGaussian();
            noise[r * latent + j] = eps;
            codes[r * latent + j] = mu[image * latent + j] + eps * (float) Math.exp(0.5 * logvar[image * latent + j]);
        }
    }
    //< iwae sample

    // decodes B rows, rows firstRow .. firstRow+B of the block; returns the sum of log p(x) over
    // the images whose last sample is among them (an image's samples may span two batches)
    private double scoreRows(int B, long firstRow) {
        k.upload(pixels, B * input, x);
        k.bceWithLogits(latents.decodeLogits(codes, B), x, dLogits, rowBce, B);
        k.download(rowBce, B, bce);
        double sum = 0;
        for (int r = 0; r < B; r++) {
            int s = (int) ((firstRow + r) % samples);
            logWeights[s] = logWeight(r, rowImage[r]);
            if (s == samples - 1) {
                sum += LogMath.logMeanExp(logWeights, samples);
            }
        }
        return sum;
    }

    //> iwae weight
    // log [ p(x|z) p(z) / q(z|x) ] for row r: log p(x|z) = -BCE, p(z) = N(0, I), q(z|x) = N(μ, σ²);
    // with z = μ + σ·ε, log q(z|x) = Σ_j log N(ε_j; 0, 1) - log σ_j
    private double logWeight(int r, int image) {
        double logPz = 0, logQz = 0;
        for (int j = 0; j < latent; j++) {
            logPz += Normal.logDensity(codes[r * latent + j]);
            logQz += Normal.logDensity(noise[r * latent + j]) - 0.5 * logvar[image * latent + j];
        }
        return -bce[r] + logPz - logQz;
    }
    //< iwae weight
}
