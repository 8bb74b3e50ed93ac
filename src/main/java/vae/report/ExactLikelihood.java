package vae.report;

import java.util.ArrayList;
import java.util.List;
import vae.data.Mnist;
import vae.model.Vae;
import vae.tensor.Kernels;
import vae.tensor.Tensor;

/**
 * log p(x) itself, not a bound on it, for a model with two latent dimensions: the integral
 * {@code p(x) = ∫ p(x|z) p(z) dz} over the latent plane by the midpoint rule, on a coarse grid
 * over the whole plane refined around each image's posterior.
 *
 * <p><b>The coarse grid</b> ({@link Resolution#coarseSide} cells a side over ±{@link Resolution#range})
 * is shared by all images, and its decoder passes with it. With logits l of a point z, the
 * log-likelihood of an image x is minus the loss's BCE:
 * <pre>
 *   log p(x|z) = Σ_i [x_i log σ(l_i) + (1 − x_i) log (1 − σ(l_i))] = Σ_i x_i l_i − Σ_i softplus(l_i)
 * </pre>
 * a dot product of the image with the logits, less a number of the point alone. So with a block
 * of points' logits as the rows of a weight matrix W and {@code b = −Σ softplus(l) + log p(z)}, the
 * log-joints of a batch of images with the block's points are one linear layer, {@code X·Wᵀ + b}:
 * the kernels' {@link Kernels#linearForward}.
 *
 * <p><b>The refinement.</b> A confident encoder's q(z|x) can be a hundredth of a unit wide, and
 * the posterior with it: far narrower than any grid over the whole plane. So each image marks its
 * own coarse cells: those whose log-joint is within {@link #SPAN} nats of its largest, their
 * neighbours (a peak narrower than a cell may sit on its edge), and those under {@link #Q_SIGMAS}
 * standard deviations of q. Each marked cell is cut into s × s finer ones, s chosen so that the
 * fine spacing is at most q's smaller σ / {@link Resolution#pointsPerSigma}, within a budget of
 * {@link Resolution#finePoints} points an image, three quarters of it for the cells within
 * {@link #TOP} nats of the top, which hold nearly all the mass. The fine points are decoded for
 * that image alone; the unmarked cells keep their coarse values. {@link PosteriorSums} adds it all up.
 */
public final class ExactLikelihood {
    /** Grid points per block of the coarse grid: the rows of one weight matrix. */
    static final int POINTS = 1024;
    /** Coarse cells whose log-joint is this many nats below the image's largest are left coarse. */
    static final double SPAN = 30;
    /** Cells this many nats below the largest (and their neighbours) get most of the fine points. */
    static final double TOP = 12;
    /** The refined cells cover q(z|x) to this many of its standard deviations. */
    static final double Q_SIGMAS = 6;

    /**
     * How finely to integrate: the coarse grid over [−range, range]², coarseSide cells a side; the
     * fine spacing, pointsPerSigma cells per standard deviation of q; at most finePoints fine
     * points an image.
     */
    public record Resolution(double range, int coarseSide, double pointsPerSigma, int finePoints) {
        /** The resolution of {@code evaluate --exact}. */
        public static Resolution standard(double range) {
            return new Resolution(range, 150, 1, 1024);
        }

        /** Every spacing halved, the budget of fine points four times as large: to see what is left to gain. */
        public Resolution halved() {
            return new Resolution(range, 2 * coarseSide, 2 * pointsPerSigma, 4 * finePoints);
        }
    }

    private final Latents latents;
    private final Kernels k;
    private final int input, maxBatch;

    public ExactLikelihood(Latents latents, Kernels k) {
        Vae model = latents.model();
        if (model.config.latent() != 2) {
            throw new IllegalArgumentException("--exact integrates over a 2-D latent space, and this model has "
                    + model.config.latent() + " latent dimensions (the importance-weighted bound, iwae_nll, works for any)");
        }
        this.latents = latents;
        this.k = k;
        this.input = model.config.input();
        this.maxBatch = model.maxBatch;
    }

    /** What the grid gives for each image of data: log p(x), the ELBO, and how much of q it caught. */
    public record Result(double[] logPx, double[] elbo, double[] qMass, double range) {
        /** The mean of a per-image measurement. */
        public static double mean(double[] values) {
            double sum = 0;
            for (double v : values) {
                sum += v;
            }
            return sum / values.length;
        }
    }

    /** The half-width of the coarse grid for these images: at least 6 (the prior's ±6σ), and 2 beyond every μ. */
    public double range(float[] mu) {
        double largest = 0;
        for (float m : mu) {
            largest = Math.max(largest, Math.abs(m));
        }
        return Math.max(6, Math.ceil(2 * (largest + 2)) / 2);
    }

    public Result measure(Mnist data, Resolution res) {
        return measure(data, res, images -> { });
    }

    //> exact measure
    // done is told of each batch of images finished
    public Result measure(Mnist data, Resolution res, java.util.function.IntConsumer done) {
        int n = data.count();
        float[] images = new float[n * input], mu = new float[2 * n], logvar = new float[2 * n];
        encodeAll(data, images, mu, logvar);
        LatentGrid coarse = LatentGrid.centred(res.range(), res.coarseSide());
        PosteriorSums sums = new PosteriorSums(mu, logvar, n);
        List<Tensor[]> blocks = decodeCoarse(coarse);                // each block of points: W and b, decoded once
        float[] joint = new float[maxBatch * coarse.cells()];        // log p(x|z) + log p(z), (B, cells)
        boolean[] marked = new boolean[coarse.cells()];
        for (int from = 0; from < n; from += maxBatch) {
            int B = Math.min(maxBatch, n - from);
            coarseJoints(images, from, B, blocks, coarse.cells(), joint);   // one product per block of points
            for (int r = 0; r < B; r++) {
                int i = from + r;
                Refined w = refine(joint, r, coarse, mu, logvar, i, res, marked);
                for (int c = 0; c < coarse.cells(); c++) {         // the coarse cells outside the window
                    if (!w.contains(c)) {
                        sums.addEvidence(i, joint[r * coarse.cells() + c], coarse.logCellArea());
                    }
                }
                float[] image = java.util.Arrays.copyOfRange(images, i * input, (i + 1) * input);
                fineJoints(image, i, w, sums);                      // the refined cells, decoded for image i
                elboJoints(image, i, mu, logvar, sums);             // q's own grid, for the ELBO
            }
            done.accept(B);
        }
        double[] logPx = new double[n], elbo = new double[n], qMass = new double[n];
        for (int i = 0; i < n; i++) {
            logPx[i] = sums.logPx(i);
            elbo[i] = sums.elbo(i);
            qMass[i] = sums.qMass(i);
        }
        return new Result(logPx, elbo, qMass, res.range());
    }
    //< exact measure

    /** The coarse cells to refine, listed, each to be cut into s × s finer cells. */
    /** The coarse cells to refine, listed; cells[j] is cut into cuts[j] × cuts[j] finer cells. */
    record Refined(LatentGrid coarse, boolean[] marked, int[] cells, int[] cuts, int count) {
        boolean contains(int c) {
            return marked[c];
        }

        /** Fine points in all. */
        int points() {
            int n = 0;
            for (int j = 0; j < count; j++) {
                n += cuts[j] * cuts[j];
            }
            return n;
        }
    }

    //> exact window
    // image i (row r of joint): the coarse cells within SPAN nats of its largest log-joint, and their
    // neighbours (a peak narrower than a cell may sit on its edge), and the cells under Q_SIGMAS of q;
    // cut finely enough for q's narrower σ, within the budget of fine points
    Refined refine(float[] joint, int r, LatentGrid coarse, float[] mu, float[] logvar, int i, Resolution res, boolean[] marked) {
        int side = coarse.side(), cells = coarse.cells();
        java.util.Arrays.fill(marked, false);
        float largest = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < cells; c++) {
            largest = Math.max(largest, joint[r * cells + c]);
        }
        for (int c = 0; c < cells; c++) {
            if (joint[r * cells + c] >= largest - SPAN) {
                int a = c % side, b = c / side;
                for (int bb = Math.max(0, b - 1); bb <= Math.min(side - 1, b + 1); bb++) {
                    for (int aa = Math.max(0, a - 1); aa <= Math.min(side - 1, a + 1); aa++) {
                        marked[bb * side + aa] = true;
                    }
                }
            }
        }
        double s1 = Math.exp(0.5 * logvar[2 * i]), s2 = Math.exp(0.5 * logvar[2 * i + 1]);
        int a0 = cellOf(mu[2 * i] - Q_SIGMAS * s1, coarse.lo1(), coarse), a1 = cellOf(mu[2 * i] + Q_SIGMAS * s1, coarse.lo1(), coarse);
        int b0 = cellOf(mu[2 * i + 1] - Q_SIGMAS * s2, coarse.lo2(), coarse), b1 = cellOf(mu[2 * i + 1] + Q_SIGMAS * s2, coarse.lo2(), coarse);
        for (int b = b0; b <= b1; b++) {
            for (int a = a0; a <= a1; a++) {
                marked[b * side + a] = true;
            }
        }
        // the cells near the top (within TOP nats, and their neighbours) hold nearly all the mass: they
        // get three quarters of the fine points; the others, down to SPAN, the rest
        boolean[] top = new boolean[cells];
        for (int c = 0; c < cells; c++) {
            if (joint[r * cells + c] >= largest - TOP) {
                int a = c % side, b = c / side;
                for (int bb = Math.max(0, b - 1); bb <= Math.min(side - 1, b + 1); bb++) {
                    for (int aa = Math.max(0, a - 1); aa <= Math.min(side - 1, a + 1); aa++) {
                        top[bb * side + aa] = true;
                    }
                }
            }
        }
        int count = 0, topCount = 0;
        for (int c = 0; c < cells; c++) {
            count += marked[c] ? 1 : 0;
            topCount += marked[c] && top[c] ? 1 : 0;
        }
        int[] list = new int[count], cuts = new int[count];
        for (int c = 0, j = 0; c < cells; c++) {
            if (marked[c]) {
                list[j++] = c;
            }
        }
        double spacing = Math.min(s1, s2) / res.pointsPerSigma();   // the finest the image asks for
        int wanted = (int) Math.ceil(coarse.spacing() / spacing);
        int sTop = Math.max(1, Math.min(wanted, (int) Math.sqrt(0.75 * res.finePoints() / Math.max(1, topCount))));
        int sRest = Math.max(1, Math.min(wanted, (int) Math.sqrt(0.25 * res.finePoints() / Math.max(1, count - topCount))));
        for (int j = 0; j < count; j++) {
            cuts[j] = top[list[j]] ? sTop : sRest;
        }
        return new Refined(coarse, marked, list, cuts, count);
    }
    //< exact window

    // the coarse cell (along one axis) that holds coordinate v, clamped to the grid
    private static int cellOf(double v, double lo, LatentGrid grid) {
        return (int) Math.max(0, Math.min(grid.side() - 1, Math.floor((v - lo) / grid.spacing())));
    }

    // the coarse grid decoded, POINTS points a block: for each, W (its logits) and b, as decodeBlock makes them
    private List<Tensor[]> decodeCoarse(LatentGrid grid) {
        List<Tensor[]> blocks = new ArrayList<>();
        float[] logits = new float[POINTS * input], bias = new float[POINTS];
        for (int p0 = 0; p0 < grid.cells(); p0 += POINTS) {
            decodeBlock(grid, p0, Math.min(POINTS, grid.cells() - p0), logits, bias);
            Tensor w = k.allocate(POINTS, input), b = k.allocate(1, POINTS);
            k.upload(logits, POINTS * input, w);
            k.upload(bias, POINTS, b);
            blocks.add(new Tensor[] {w, b});
        }
        return blocks;
    }

    // joint[r·cells + c] = log p(x|z_c) + log p(z_c) for the images from .. from+B and every coarse cell c
    private void coarseJoints(float[] images, int from, int B, List<Tensor[]> blocks, int cells, float[] joint) {
        Scratch b = scratch();
        System.arraycopy(images, from * input, b.batch, 0, B * input);
        k.upload(b.batch, B * input, b.images);
        for (int j = 0; j < blocks.size(); j++) {
            int p0 = j * POINTS, P = Math.min(POINTS, cells - p0);
            k.linearForward(b.images, blocks.get(j)[0], blocks.get(j)[1], b.joints, B);
            k.download(b.joints, B * POINTS, b.block);
            for (int r = 0; r < B; r++) {
                System.arraycopy(b.block, r * POINTS, joint, r * cells + p0, P);
            }
        }
    }

    // points p0 .. p0+P of the grid: their logits (P, IN) and bias[p] = −Σ_i softplus(l_pi) + log N(z_p; 0, I);
    // the unused rows of a last block are zeros
    private void decodeBlock(LatentGrid grid, int p0, int P, float[] logits, float[] bias) {
        java.util.Arrays.fill(logits, 0f);
        java.util.Arrays.fill(bias, 0f);
        float[] codes = new float[2 * maxBatch], chunk = new float[maxBatch * input];
        for (int from = 0; from < P; from += maxBatch) {
            int B = Math.min(maxBatch, P - from);
            for (int r = 0; r < B; r++) {
                codes[2 * r] = (float) grid.z1(p0 + from + r);
                codes[2 * r + 1] = (float) grid.z2(p0 + from + r);
            }
            k.download(latents.decodeLogits(codes, B), B * input, chunk);
            System.arraycopy(chunk, 0, logits, from * input, B * input);
            for (int r = 0; r < B; r++) {
                double softplus = 0;
                for (int i = 0; i < input; i++) {
                    softplus += softplus(chunk[r * input + i]);
                }
                bias[from + r] = (float) (Normal.logDensity(codes[2 * r]) + Normal.logDensity(codes[2 * r + 1]) - softplus);
            }
        }
    }

    // the fine cells of image i's refined coarse cells: decoded, scored against the image, added
    private void fineJoints(float[] image, int i, Refined w, PosteriorSums sums) {
        LatentGrid coarse = w.coarse();
        int total = w.points();
        float[] codes = new float[2 * total];
        double[] logArea = new double[total];
        for (int j = 0, p = 0; j < w.count(); j++) {
            int cell = w.cells()[j], s = w.cuts()[j];
            double h = coarse.spacing() / s;
            for (int sub = 0; sub < s * s; sub++, p++) {
                codes[2 * p] = (float) (coarse.z1(cell) - coarse.spacing() / 2 + (sub % s + 0.5) * h);
                codes[2 * p + 1] = (float) (coarse.z2(cell) - coarse.spacing() / 2 + (sub / s + 0.5) * h);
                logArea[p] = 2 * Math.log(h);
            }
        }
        double[] joints = logJoints(image, codes, total);
        for (int p = 0; p < total; p++) {
            sums.addEvidence(i, joints[p], logArea[p]);
        }
    }

    /** q's own grid: u over ±6 standard deviations in cells of 1, z = μ + σ·u (its rule is off by e^-2π² = 3e-9 for a Gaussian). */
    static final LatentGrid Q_GRID = LatentGrid.centred(6, 12);

    // the ELBO of image i: log p(x, z) − log q(z|x) on q's grid, weighted by N(u)
    private void elboJoints(float[] image, int i, float[] mu, float[] logvar, PosteriorSums sums) {
        double s1 = Math.exp(0.5 * logvar[2 * i]), s2 = Math.exp(0.5 * logvar[2 * i + 1]);
        int n = Q_GRID.cells();
        float[] codes = new float[2 * n];
        for (int p = 0; p < n; p++) {
            codes[2 * p] = (float) (mu[2 * i] + s1 * Q_GRID.z1(p));
            codes[2 * p + 1] = (float) (mu[2 * i + 1] + s2 * Q_GRID.z2(p));
        }
        double[] joints = logJoints(image, codes, n);
        for (int p = 0; p < n; p++) {
            double weight = Math.exp(Normal.logDensity(Q_GRID.z1(p)) + Normal.logDensity(Q_GRID.z2(p)) + Q_GRID.logCellArea());
            sums.addElbo(i, codes[2 * p], codes[2 * p + 1], joints[p], weight);
        }
    }

    //> exact log-joints
    /** log p(x|z) + log p(z) of one image x at n points z (codes: z1, z2 of each), with the loss's own BCE. */
    double[] logJoints(float[] image, float[] codes, int n) {
        Scratch b = scratch();
        if (b.loaded != image) {                             // image in every row of x
            for (int r = 0; r < maxBatch; r++) {
                System.arraycopy(image, 0, b.repeated, r * input, input);
            }
            k.upload(b.repeated, maxBatch * input, b.x);
            b.loaded = image;
        }
        double[] joints = new double[n];
        float[] batch = new float[2 * maxBatch], bce = new float[maxBatch];
        for (int from = 0; from < n; from += maxBatch) {
            int B = Math.min(maxBatch, n - from);
            System.arraycopy(codes, 2 * from, batch, 0, 2 * B);
            k.bceWithLogits(latents.decodeLogits(batch, B), b.x, b.dLogits, b.rowBce, B);
            k.download(b.rowBce, B, bce);
            for (int r = 0; r < B; r++) {
                joints[from + r] = -bce[r] + Normal.logDensity(batch[2 * r]) + Normal.logDensity(batch[2 * r + 1]);
            }
        }
        return joints;
    }
    //< exact log-joints

    /**
     * Buffers made once: for the coarse stage a batch of images and its log-joints with a block of
     * points; for the fine stage x, which holds the image {@code loaded} in every row, and the BCE's.
     */
    private static final class Scratch {
        final Tensor images, joints, x, dLogits, rowBce;
        final float[] batch, block, repeated;
        float[] loaded;

        Scratch(Kernels k, int maxBatch, int input) {
            images = k.allocate(maxBatch, input);
            joints = k.allocate(maxBatch, POINTS);
            x = k.allocate(maxBatch, input);
            dLogits = k.allocate(maxBatch, input);
            rowBce = k.allocate(maxBatch, 1);
            batch = new float[maxBatch * input];
            block = new float[maxBatch * POINTS];
            repeated = new float[maxBatch * input];
        }
    }

    private Scratch scratch;

    private Scratch scratch() {
        if (scratch == null) {
            scratch = new Scratch(k, maxBatch, input);
        }
        return scratch;
    }

    // log(1 + e^l), without overflow for large l
    static double softplus(double l) {
        return Math.max(l, 0) + Math.log1p(Math.exp(-Math.abs(l)));
    }

    /** Every image of data as floats, (n, IN), and the encoder's μ and log σ² of each, (n, 2). */
    void encodeAll(Mnist data, float[] images, float[] mu, float[] logvar) {
        int n = data.count();
        int[] order = Latents.identity(n);
        float[] m = new float[2 * maxBatch], v = new float[2 * maxBatch], batch = new float[maxBatch * input];
        for (int from = 0; from < n; from += maxBatch) {
            int B = Math.min(maxBatch, n - from);
            data.copyImages(order, from, B, batch);
            System.arraycopy(batch, 0, images, from * input, B * input);
            latents.encode(data, order, from, B);
            k.download(latents.model().mu(), 2 * B, m);
            k.download(latents.model().logvar(), 2 * B, v);
            System.arraycopy(m, 0, mu, 2 * from, 2 * B);
            System.arraycopy(v, 0, logvar, 2 * from, 2 * B);
        }
    }
}
