package vae.report;

/**
 * Principal component analysis, by hand: the directions along which a cloud of points varies
 * most are the eigenvectors of its covariance matrix, and each eigenvalue is the variance along
 * its direction. Projecting a 10-D latent space on its two leading eigenvectors is the flattest
 * 2-D view of it, the one that keeps the most variance; the eigenvalues say how much it keeps.
 *
 * <p>The eigenvectors come from Jacobi's method for a symmetric matrix ({@link SymmetricEigen}).
 * For the latent sizes here (up to a few dozen) it converges in a handful of sweeps.
 */
public final class Pca {
    private final double[] mean;       // (d)
    private final double[] variance;   // (d): the eigenvalues, largest first
    private final double[][] axes;     // (d, d): axes[k] is the k-th principal direction, a unit vector

    private Pca(double[] mean, double[] variance, double[][] axes) {
        this.mean = mean;
        this.variance = variance;
        this.axes = axes;
    }

    //> pca fit
    /** The principal axes of the points, one per row of {@code points} (n, d). */
    public static Pca fit(float[][] points) {
        int n = points.length, d = points[0].length;
        double[] mean = new double[d];
        for (float[] p : points) {
            for (int j = 0; j < d; j++) {
                mean[j] += p[j] / (double) n;
            }
        }
        double[][] cov = new double[d][d];             // Σ (x − mean)(x − mean)ᵀ / (n − 1)
        for (float[] p : points) {
            for (int a = 0; a < d; a++) {
                for (int b = 0; b <= a; b++) {
                    cov[a][b] += (p[a] - mean[a]) * (p[b] - mean[b]) / (double) Math.max(1, n - 1);
                }
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < a; b++) {
                cov[b][a] = cov[a][b];
            }
        }
        double[][] vectors = SymmetricEigen.jacobi(cov); // cov is diagonal afterwards: its eigenvalues
        Integer[] order = new Integer[d];
        for (int k = 0; k < d; k++) {
            order[k] = k;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(cov[y][y], cov[x][x]));
        double[] variance = new double[d];
        double[][] axes = new double[d][d];
        for (int k = 0; k < d; k++) {
            variance[k] = cov[order[k]][order[k]];
            int largest = 0;
            for (int j = 0; j < d; j++) {
                axes[k][j] = vectors[order[k]][j];     // the eigenvector of eigenvalue order[k]
                largest = Math.abs(axes[k][j]) > Math.abs(axes[k][largest]) ? j : largest;
            }
            if (axes[k][largest] < 0) {                // an axis's sign is arbitrary: fix it
                for (int j = 0; j < d; j++) {
                    axes[k][j] = -axes[k][j];
                }
            }
        }
        return new Pca(mean, variance, axes);
    }
    //< pca fit

    /** The points (n, d) on the first {@code k} principal axes: (n, k). */
    public float[][] project(float[][] points, int k) {
        float[][] out = new float[points.length][k];
        for (int i = 0; i < points.length; i++) {
            for (int a = 0; a < k; a++) {
                double sum = 0;
                for (int j = 0; j < mean.length; j++) {
                    sum += (points[i][j] - mean[j]) * axes[a][j];
                }
                out[i][a] = (float) sum;
            }
        }
        return out;
    }

    /** The mean of the points, the centre of the projection. */
    public double[] mean() {
        return mean.clone();
    }

    /** The variance along each principal axis, largest first. */
    public double[] variance() {
        return variance.clone();
    }

    /** Principal axis k, a unit vector. */
    public double[] axis(int k) {
        return axes[k].clone();
    }

    /** The share of the total variance that the first k axes hold. */
    public double explained(int k) {
        double total = 0, first = 0;
        for (int j = 0; j < variance.length; j++) {
            total += variance[j];
            first += j < k ? variance[j] : 0;
        }
        return total == 0 ? 1 : first / total;
    }
}
