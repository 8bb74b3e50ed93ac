package vae.report;

/**
 * The eigenvalues and eigenvectors of a symmetric matrix, by Jacobi's method: rotate two
 * coordinates at a time so that their off-diagonal entry becomes zero, sweep over every pair,
 * and repeat until the matrix is diagonal. Each rotation keeps the matrix symmetric and its
 * eigenvalues the same; the product of the rotations is the matrix of eigenvectors.
 *
 * <p>{@link Pca} diagonalises covariances of a few dozen latent dimensions with it, and
 * {@link Frechet} takes square roots of 400 × 400 covariances: a few sweeps, a second or so.
 */
public final class SymmetricEigen {
    private SymmetricEigen() {
    }

    //> eigen jacobi
    // diagonalises the symmetric matrix a in place: its diagonal becomes the eigenvalues, and row k
    // of the result is the unit eigenvector of a[k][k], so that the original a = Σ_k a[k][k]·v_k·v_kᵀ
    static double[][] jacobi(double[][] a) {
        int d = a.length;
        double[][] v = new double[d][d];                // the rotations so far, transposed: rows are vectors
        for (int i = 0; i < d; i++) {
            v[i][i] = 1;
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0, scale = 0;
            for (int p = 0; p < d; p++) {
                scale += a[p][p] * a[p][p];
                for (int q = p + 1; q < d; q++) {
                    off += a[p][q] * a[p][q];
                }
            }
            if (off <= 1e-30 * scale || off == 0) {
                return v;
            }
            for (int p = 0; p < d; p++) {
                for (int q = p + 1; q < d; q++) {
                    if (a[p][q] != 0) {
                        rotate(a, v, p, q);
                    }
                }
            }
        }
        throw new IllegalStateException("Jacobi's method did not converge in 100 sweeps");
    }

    // a ← Jᵀ a J and v ← Jᵀ v, for the rotation J in the plane (p, q) that zeroes a[p][q]
    private static void rotate(double[][] a, double[][] v, int p, int q) {
        // the angle: tan 2θ = 2 a_pq / (a_qq − a_pp), and t = tan θ, the smaller root
        double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        double t = theta == 0 ? 1 : Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        double c = 1 / Math.sqrt(t * t + 1), s = t * c;
        double app = a[p][p], aqq = a[q][q], apq = a[p][q];
        rotateRows(a[p], a[q], c, s);                   // rows p and q ...
        a[p][p] = app - t * apq;                        // ... their 2 × 2 block, where a_pq becomes 0 ...
        a[q][q] = aqq + t * apq;
        a[p][q] = 0;
        a[q][p] = 0;
        for (int k = 0; k < a.length; k++) {            // ... and the columns, the same numbers: a stays symmetric
            if (k != p && k != q) {
                a[k][p] = a[p][k];
                a[k][q] = a[q][k];
            }
        }
        rotateRows(v[p], v[q], c, s);
    }

    // (x, y) ← (c·x − s·y, s·x + c·y), element by element: two rows, read and written in order
    private static void rotateRows(double[] x, double[] y, double c, double s) {
        for (int k = 0; k < x.length; k++) {
            double xk = x[k], yk = y[k];
            x[k] = c * xk - s * yk;
            y[k] = s * xk + c * yk;
        }
    }
    //< eigen jacobi
}
