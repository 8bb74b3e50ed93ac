package vae.report;

/**
 * What the grid's points add up to for each image: the evidence
 * {@code log p(x) = log Σ_c p(x, z_c)·h_c²} and, with the encoder's Gaussian q(z|x), the ELBO and
 * the encoder's error, by the midpoint rule on a grid of q's own (z = μ + σ·u, u on a square grid,
 * where q(z) dz = N(u) du):
 * <pre>
 *   ELBO(x)          = ∫ q(z|x) [log p(x, z) − log q(z|x)] dz  ≈ Σ_c N(u_c)·h_u² [log p(x, z_c) − log q(z_c|x)]
 *   log p(x) − ELBO  = KL(q(z|x) ‖ p(z|x))
 * </pre>
 * The first sum is kept as a running log-sum-exp (the largest term so far, and the others
 * relative to it), so that a million terms near e^-150 neither underflow nor lose digits;
 * everything is in double.
 */
final class PosteriorSums {
    /** Terms this far below the largest add less than e^-50 of it: not computed. */
    private static final double NEGLIGIBLE = 50;

    private final double[] max, sum;              // log Σ p(x, z)·h² = max + log sum
    private final double[] qMass, qElbo;          // Σ N(u)·h_u², Σ N(u)·h_u²·(log p(x, z) − log q)
    private final double[] mu, precision, logNorm; // q(z|x_i): its mean (n, 2), 1/σ² (n, 2), log of its constant

    // mu and logvar are the encoder's (n, 2), image after image
    PosteriorSums(float[] mu, float[] logvar, int n) {
        this.max = new double[n];
        this.sum = new double[n];
        this.qMass = new double[n];
        this.qElbo = new double[n];
        this.mu = new double[2 * n];
        this.precision = new double[2 * n];
        this.logNorm = new double[n];
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 2; j++) {
                this.mu[2 * i + j] = mu[2 * i + j];
                this.precision[2 * i + j] = Math.exp(-logvar[2 * i + j]);
            }
            logNorm[i] = -0.5 * ((double) logvar[2 * i] + logvar[2 * i + 1]) - 2 * LogMath.LOG_SQRT_2PI;  // in double: a float sum is 6e-8 off
        }
    }

    //> exact accumulate
    // image i meets a point with logJoint = log p(x_i|z) + log p(z), in a cell of log area logArea
    void addEvidence(int i, double logJoint, double logArea) {
        double term = logJoint + logArea;
        if (term > max[i]) {                          // a new largest term: rescale what is there
            sum[i] = sum[i] * Math.exp(max[i] - term) + 1;
            max[i] = term;
        } else if (term > max[i] - NEGLIGIBLE) {
            sum[i] += Math.exp(term - max[i]);
        }
    }

    // the same point, z = μ_i + σ_i·u, as a point of q's own grid: weight N(u)·(its cell's area in u)
    void addElbo(int i, double z1, double z2, double logJoint, double weight) {
        qMass[i] += weight;
        qElbo[i] += weight * (logJoint - logQ(i, z1, z2));
    }
    //< exact accumulate

    // log N(z; μ_i, diag σ_i²)
    double logQ(int i, double z1, double z2) {
        double d1 = z1 - mu[2 * i], d2 = z2 - mu[2 * i + 1];
        return -0.5 * (d1 * d1 * precision[2 * i] + d2 * d2 * precision[2 * i + 1]) + logNorm[i];
    }

    /** log p(x_i). */
    double logPx(int i) {
        return max[i] + Math.log(sum[i]);
    }

    /** The ELBO of image i by quadrature, divided by the weights' sum (1 but for the grid's edges). */
    double elbo(int i) {
        return qElbo[i] / qMass[i];
    }

    /** The sum of q's grid's weights for image i: 1 less the normal's mass beyond its edges. */
    double qMass(int i) {
        return qMass[i];
    }
}
