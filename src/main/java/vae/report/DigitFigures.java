package vae.report;

import vae.data.Mnist;
import vae.nn.Rng;

/**
 * The figures that are grids of digits: training images, originals above their
 * reconstructions, samples from the prior, the manifold and a walk between two digits. Each
 * returns an {@link ImageGrid} (to write, or to test); the model is reached through
 * {@link Latents}.
 */
public final class DigitFigures {
    private final Latents latents;
    private final int height, width;

    /** Figures of a model whose images are {@code height × width} pixels (28 × 28 for MNIST). */
    public DigitFigures(Latents latents, int height, int width) {
        if (height * width != latents.model().config.input()) {
            throw new ReportException("images of " + height + " x " + width + " pixels do not match the model's "
                    + latents.model().config.input() + " inputs");
        }
        this.latents = latents;
        this.height = height;
        this.width = width;
    }

    /** Images 0 .. count-1 of data in one row (the seed's Figure 1 with count = 10). */
    public ImageGrid data(Mnist data, int count) {
        ImageGrid grid = new ImageGrid(1, count, height, width);
        grid.putAll(0, Latents.images(data, Latents.identity(count)));
        return grid;
    }

    //> figures reconstructions
    // images 0 .. count-1 of data in the top row, their reconstructions from z = μ below
    public ImageGrid reconstructions(Mnist data, int count) {
        int[] first = Latents.identity(count);
        ImageGrid grid = new ImageGrid(2, count, height, width);
        grid.putAll(0, Latents.images(data, first));
        grid.putAll(1, latents.reconstruct(data, first));
        return grid;
    }
    //< figures reconstructions

    //> figures samples
    // side × side images decoded from z ~ N(0, I), the prior the KL term pulls q(z|x) towards
    public ImageGrid samples(int side, Rng rng) {
        ImageGrid grid = new ImageGrid(side, side, height, width);
        grid.putAll(0, latents.decode(priorCodes(side * side, latents.model().config.latent(), rng)));
        return grid;
    }

    // n points of N(0, I) in `latent` dimensions, one after another from rng
    public static float[][] priorCodes(int n, int latent, Rng rng) {
        float[][] codes = new float[n][latent];
        for (float[] z : codes) {
            rng.fillGaussian(z, latent);
        }
        return codes;
    }
    //< figures samples

    public ImageGrid manifold(int side) {
        return decoded(side, manifoldCodes(side, latents.model().config.latent()));
    }

    /** The manifold of a plain autoencoder: over the range its codes take, as {@link #codeRange} finds it. */
    public ImageGrid manifold(int side, float[][] range) {
        return decoded(side, manifoldCodes(side, range));
    }

    private ImageGrid decoded(int side, float[][] codes) {
        ImageGrid grid = new ImageGrid(side, side, height, width);
        grid.putAll(0, latents.decode(codes));
        return grid;
    }

    //> figures manifold
    // side × side latent points, row after row: column c has z₁ = Φ⁻¹((c + ½) / side), row r has
    // z₂ = Φ⁻¹(1 - (r + ½) / side) (largest at the top, as on a plot); the other dimensions stay 0.
    // Equal steps in probability, not in z: each cell covers the same mass of the prior.
    public static float[][] manifoldCodes(int side, int latent) {
        float[][] codes = new float[side * side][latent];
        for (int r = 0; r < side; r++) {
            for (int c = 0; c < side; c++) {
                float[] z = codes[r * side + c];
                z[0] = (float) Normal.quantile((c + 0.5) / side);
                if (latent > 1) {
                    z[1] = (float) Normal.quantile(1 - (r + 0.5) / side);
                }
            }
        }
        return codes;
    }
    //< figures manifold

    //> figures manifold-range
    // A plain autoencoder's codes follow no law that its training asked for: there is no N(0, I)
    // to take quantiles of. Its manifold spans the codes' own range instead: on each axis from
    // the 1st to the 99th percentile of the codes (the rare far-out code left out), in equal steps.
    // Returns {low, middle, high} per dimension: the grid's ends, and the median, where the
    // dimensions past the first two stay.
    public static float[][] codeRange(float[][] codes) {
        int Z = codes[0].length;
        float[][] range = new float[3][Z];
        float[] column = new float[codes.length];
        for (int j = 0; j < Z; j++) {
            for (int i = 0; i < codes.length; i++) {
                column[i] = codes[i][j];
            }
            java.util.Arrays.sort(column);
            range[0][j] = column[(int) Math.floor(0.01 * (codes.length - 1))];
            range[1][j] = column[(codes.length - 1) / 2];
            range[2][j] = column[(int) Math.ceil(0.99 * (codes.length - 1))];
        }
        return range;
    }

    // side × side points: column c has z₁ = low + (c + ½)/side · (high - low), row r has z₂ the same
    // way from the top (largest at the top, as on a plot); the other dimensions at their middle
    public static float[][] manifoldCodes(int side, float[][] range) {
        int Z = range[0].length;
        float[][] codes = new float[side * side][];
        for (int r = 0; r < side; r++) {
            for (int c = 0; c < side; c++) {
                float[] z = range[1].clone();
                z[0] = range[0][0] + (float) ((c + 0.5) / side) * (range[2][0] - range[0][0]);
                if (Z > 1) {
                    z[1] = range[2][1] - (float) ((r + 0.5) / side) * (range[2][1] - range[0][1]);
                }
                codes[r * side + c] = z;
            }
        }
        return codes;
    }
    //< figures manifold-range

    /** A walk from test image {@code from} to image {@code to}: steps images decoded along the line between their μ. */
    public ImageGrid walk(Mnist data, int from, int to, int steps) {
        float[][] ends = latents.means(data, new int[] {from, to});
        ImageGrid grid = new ImageGrid(1, steps, height, width);
        grid.putAll(0, latents.decode(walkCodes(ends[0], ends[1], steps)));
        return grid;
    }

    //> figures walk
    // steps points on the segment from a to b, both ends included: z = a + t·(b - a), t = s / (steps - 1)
    public static float[][] walkCodes(float[] a, float[] b, int steps) {
        if (steps < 2) {
            throw new IllegalArgumentException("a walk needs at least 2 steps, got " + steps);
        }
        float[][] codes = new float[steps][a.length];
        for (int s = 0; s < steps; s++) {
            float t = s / (float) (steps - 1);
            for (int j = 0; j < a.length; j++) {
                codes[s][j] = a[j] + t * (b[j] - a[j]);
            }
        }
        return codes;
    }
    //< figures walk

    /** The first image after image {@code from} whose digit differs from it: the other end of the walk. */
    public static int otherDigit(Mnist data, int from) {
        for (int i = from + 1; i < data.count(); i++) {
            if (data.label(i) != data.label(from)) {
                return i;
            }
        }
        return data.count() > from + 1 ? from + 1 : from;
    }
}
