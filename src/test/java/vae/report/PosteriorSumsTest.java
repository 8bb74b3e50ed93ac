package vae.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The grid's sums against a model whose evidence is known in closed form: a linear-Gaussian
 * decoder, x = A z + c + noise of variance s², with z ~ N(0, I). Then p(x) = N(x; c, A Aᵀ + s² I),
 * and with A's two columns orthogonal the posterior p(z|x) is a Gaussian with a diagonal
 * covariance, so the ELBO of a diagonal q is known too: log p(x) − KL(q ‖ p(z|x)).
 */
class PosteriorSumsTest {
    // A (3 × 2), columns orthogonal; c; s
    static final double[][] A = {{1.2, 0.4}, {0.6, -0.8}, {0.0, 1.0}};
    static final double[] C = {0.3, -0.2, 0.5};
    static final double S = 0.5;
    static final double[] X = {1.1, 0.4, -0.7};

    static double logJoint(double z1, double z2) {
        double sum = Normal.logDensity(z1) + Normal.logDensity(z2);
        for (int d = 0; d < 3; d++) {
            double mean = A[d][0] * z1 + A[d][1] * z2 + C[d];
            sum += Normal.logDensity((X[d] - mean) / S) - Math.log(S);
        }
        return sum;
    }

    // log N(x; c, A Aᵀ + s² I), by the determinant and inverse of the 3 × 3 covariance
    static double exactLogPx() {
        double[][] cov = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                cov[i][j] = A[i][0] * A[j][0] + A[i][1] * A[j][1] + (i == j ? S * S : 0);
            }
        }
        double det = cov[0][0] * (cov[1][1] * cov[2][2] - cov[1][2] * cov[2][1])
                - cov[0][1] * (cov[1][0] * cov[2][2] - cov[1][2] * cov[2][0])
                + cov[0][2] * (cov[1][0] * cov[2][1] - cov[1][1] * cov[2][0]);
        double[][] inv = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                int i1 = (j + 1) % 3, i2 = (j + 2) % 3, j1 = (i + 1) % 3, j2 = (i + 2) % 3;
                inv[i][j] = (cov[i1][j1] * cov[i2][j2] - cov[i1][j2] * cov[i2][j1]) / det;
            }
        }
        double quad = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                quad += (X[i] - C[i]) * inv[i][j] * (X[j] - C[j]);
            }
        }
        return -0.5 * quad - 0.5 * Math.log(det) - 3 * LogMath.LOG_SQRT_2PI;
    }

    // the posterior's mean and variances: precision I + AᵀA/s², diagonal here
    static double[] posterior() {
        double[] m = new double[4];
        for (int j = 0; j < 2; j++) {
            double precision = 1, b = 0;
            for (int d = 0; d < 3; d++) {
                precision += A[d][j] * A[d][j] / (S * S);
                b += A[d][j] * (X[d] - C[d]) / (S * S);
            }
            m[j] = b / precision;
            m[2 + j] = 1 / precision;
        }
        return m;
    }

    // the evidence on grid, and the ELBO on q's own grid, as ExactLikelihood makes it
    static PosteriorSums sum(LatentGrid grid, float[] mu, float[] logvar) {
        PosteriorSums sums = new PosteriorSums(mu, logvar, 1);
        for (int c = 0; c < grid.cells(); c++) {
            sums.addEvidence(0, logJoint(grid.z1(c), grid.z2(c)), grid.logCellArea());
        }
        LatentGrid u = ExactLikelihood.Q_GRID;
        double s1 = Math.exp(0.5 * logvar[0]), s2 = Math.exp(0.5 * logvar[1]);
        for (int c = 0; c < u.cells(); c++) {
            double z1 = mu[0] + s1 * u.z1(c), z2 = mu[1] + s2 * u.z2(c);
            double weight = Math.exp(Normal.logDensity(u.z1(c)) + Normal.logDensity(u.z2(c)) + u.logCellArea());
            sums.addElbo(0, z1, z2, logJoint(z1, z2), weight);
        }
        return sums;
    }

    @Test
    void theGridsEvidenceIsTheClosedForm() {
        double[] post = posterior();
        assertEquals(0.0, A[0][0] * A[0][1] + A[1][0] * A[1][1] + A[2][0] * A[2][1], 1e-15, "A's columns are orthogonal");
        PosteriorSums sums = sum(LatentGrid.centred(6, 200), new float[] {0, 0}, new float[] {0, 0});
        assertEquals(exactLogPx(), sums.logPx(0), 1e-9);
        assertEquals(exactLogPx(), sum(LatentGrid.centred(6, 100), new float[] {0, 0}, new float[] {0, 0}).logPx(0), 1e-9,
                "at half the points: the posterior (σ about 0.3) is still many cells wide");
        assertEquals(true, post[2] < 0.2 && post[3] < 0.2, "a posterior narrower than the prior");
    }

    @Test
    void theElboIsTheEvidenceLessTheEncodersKl() {
        double[] post = posterior();
        // q = the posterior itself: no gap
        float[] exactMu = {(float) post[0], (float) post[1]};
        float[] exactLogvar = {(float) Math.log(post[2]), (float) Math.log(post[3])};
        PosteriorSums right = sum(LatentGrid.centred(6, 200), exactMu, exactLogvar);
        assertEquals(1.0, right.qMass(0), 1e-7, "the rule with cells of one σ: off by about 2e^-2π² = 5e-9 a dimension");
        assertEquals(exactLogPx(), right.elbo(0), 1e-5, "float μ and log σ² are a hair off the posterior's");

        // q shifted and wider: the gap is KL(q ‖ p(z|x)) of two diagonal Gaussians
        double[] qMu = {post[0] + 0.2, post[1] - 0.1}, qVar = {post[2] * 2, post[3] * 0.7};
        PosteriorSums wrong = sum(LatentGrid.centred(6, 200), new float[] {(float) qMu[0], (float) qMu[1]},
                new float[] {(float) Math.log(qVar[0]), (float) Math.log(qVar[1])});
        double kl = 0;
        for (int j = 0; j < 2; j++) {
            double qm = (float) qMu[j], qv = Math.exp((float) Math.log(qVar[j]));
            kl += 0.5 * (Math.log(post[2 + j] / qv) + (qv + (qm - post[j]) * (qm - post[j])) / post[2 + j] - 1);
        }
        assertEquals(exactLogPx() - kl, wrong.elbo(0), 1e-6, "q's grid, cells of one σ: about e^-2π² of the integrand");
        assertEquals(exactLogPx(), wrong.logPx(0), 1e-9);
    }
}
