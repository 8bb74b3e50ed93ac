package vae.report;

/**
 * Burda et al.'s count of the latent dimensions the model uses: dimension j is active when
 * {@code Cov_x(E_q[z_j | x]) > 0.01}, that is when the encoder's mean μ_j varies over the data.
 * A dimension whose μ_j is the same for every image carries no information about the image:
 * the KL term has pulled it onto the prior.
 */
public final class ActiveUnits {
    /** Burda et al.'s threshold on the variance of μ_j. */
    public static final double THRESHOLD = 0.01;

    private ActiveUnits() {
    }

    //> active units
    // means is (n, Z), one μ per image: the variance over the images of each μ_j, (Z)
    public static double[] variances(float[][] means) {
        int n = means.length, Z = n == 0 ? 0 : means[0].length;
        double[] mean = new double[Z], variance = new double[Z];
        for (float[] mu : means) {
            for (int j = 0; j < Z; j++) {
                mean[j] += mu[j] / (double) n;
            }
        }
        for (float[] mu : means) { // a second pass: no cancellation between two large sums
            for (int j = 0; j < Z; j++) {
                double d = mu[j] - mean[j];
                variance[j] += d * d / n;
            }
        }
        return variance;
    }

    // how many dimensions have a variance above the threshold
    public static int count(double[] variances, double threshold) {
        int active = 0;
        for (double v : variances) {
            if (v > threshold) {
                active++;
            }
        }
        return active;
    }
    //< active units
}
