package vae.report;

/**
 * The Fréchet distance of two clouds of points, each taken as the Gaussian of its mean and
 * covariance (Dowson and Landau 1982; as FID, Heusel et al. 2017, uses it on a classifier's
 * features):
 * <pre>
 *   d² = ‖μ1 − μ2‖² + tr(C1 + C2 − 2·(C1^½ · C2 · C1^½)^½)
 * </pre>
 * Like FID, it reports d², the square. The matrix square roots come from eigen-decompositions
 * ({@link SymmetricEigen}): a symmetric C = V·diag(λ)·Vᵀ has C^½ = V·diag(√λ)·Vᵀ, and the trace of
 * a square root is the sum of the roots of the eigenvalues. Everything is in double.
 */
public final class Frechet {
    private Frechet() {
    }

    /** The mean (d) and covariance (d, d) of a set of points, the covariance divided by n − 1. */
    public record Moments(double[] mean, double[][] cov) {

        //> frechet moments
        // points is (n, d), n ≥ 2: its mean, then Σ (x − mean)(x − mean)ᵀ / (n − 1), in double
        public static Moments of(float[][] points) {
            int n = points.length, d = points[0].length;
            double[] mean = new double[d];
            for (float[] p : points) {
                for (int j = 0; j < d; j++) {
                    mean[j] += p[j];
                }
            }
            for (int j = 0; j < d; j++) {
                mean[j] /= n;
            }
            double[][] cov = new double[d][d];
            double[] centred = new double[d];
            for (float[] p : points) {
                for (int j = 0; j < d; j++) {
                    centred[j] = p[j] - mean[j];
                }
                for (int a = 0; a < d; a++) {            // the lower triangle; the upper is the same
                    double[] row = cov[a];
                    double ca = centred[a];
                    for (int b = 0; b <= a; b++) {
                        row[b] += ca * centred[b];
                    }
                }
            }
            for (int a = 0; a < d; a++) {
                for (int b = 0; b <= a; b++) {
                    cov[a][b] /= n - 1;
                    cov[b][a] = cov[a][b];
                }
            }
            return new Moments(mean, cov);
        }
        //< frechet moments
    }

    //> frechet distance
    /** d² between the Gaussians of two sets of moments of the same dimension. */
    public static double distance(Moments one, Moments two) {
        int d = one.mean().length;
        double means = 0;
        for (int j = 0; j < d; j++) {
            double diff = one.mean()[j] - two.mean()[j];
            means += diff * diff;
        }
        double[][] root = sqrt(one.cov());
        double[][] m = symmetric(multiply(multiply(root, two.cov()), root)); // C1^½ C2 C1^½, symmetric
        SymmetricEigen.jacobi(m);                                          // m's diagonal: its eigenvalues
        double crossTrace = 0;                                             // tr (C1^½ C2 C1^½)^½
        for (int k = 0; k < d; k++) {
            crossTrace += Math.sqrt(Math.max(m[k][k], 0));                // ≥ 0 but for rounding
        }
        return means + trace(one.cov()) + trace(two.cov()) - 2 * crossTrace; // for equal sets, 0 give or take rounding
    }

    /** The symmetric square root of a symmetric positive semi-definite matrix: V·diag(√λ)·Vᵀ. */
    public static double[][] sqrt(double[][] c) {
        int d = c.length;
        double[][] a = copy(c);
        double[][] v = SymmetricEigen.jacobi(a);  // row k of v: the eigenvector of a[k][k]
        double[][] root = new double[d][d];
        for (int k = 0; k < d; k++) {
            double r = Math.sqrt(Math.max(a[k][k], 0));
            double[] vk = v[k];
            for (int i = 0; i < d; i++) {
                double f = r * vk[i];
                double[] row = root[i];
                for (int j = 0; j < d; j++) {
                    row[j] += f * vk[j];
                }
            }
        }
        return root;
    }
    //< frechet distance

    /** x·y, both (d, d). */
    static double[][] multiply(double[][] x, double[][] y) {
        int d = x.length;
        double[][] out = new double[d][d];
        for (int i = 0; i < d; i++) {
            double[] row = out[i];
            for (int k = 0; k < d; k++) {
                double xik = x[i][k];
                double[] yk = y[k];
                for (int j = 0; j < d; j++) {
                    row[j] += xik * yk[j];
                }
            }
        }
        return out;
    }

    // (m + mᵀ) / 2: a product of symmetric matrices that is symmetric in exact arithmetic, made so in floating point
    private static double[][] symmetric(double[][] m) {
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < i; j++) {
                double mean = (m[i][j] + m[j][i]) / 2;
                m[i][j] = mean;
                m[j][i] = mean;
            }
        }
        return m;
    }

    private static double trace(double[][] m) {
        double sum = 0;
        for (int i = 0; i < m.length; i++) {
            sum += m[i][i];
        }
        return sum;
    }

    private static double[][] copy(double[][] m) {
        double[][] out = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = m[i].clone();
        }
        return out;
    }
}
