package vae.report;

import vae.nn.Rng;

/**
 * t-SNE (van der Maaten and Hinton 2008), exact, by hand: a 2-D map of points whose neighbours
 * in the map are their neighbours in the original space.
 *
 * <p>In the original space each point i spreads a Gaussian over the others,
 * {@code p(j|i) ∝ exp(−β_i |x_i − x_j|²)}, its width chosen by a binary search on β_i so that the
 * distribution's perplexity, 2^entropy, is the same for every point: about as many effective
 * neighbours in a dense region as in a sparse one. Symmetrised, {@code p_ij = (p(j|i) + p(i|j)) / 2n}.
 * In the map the similarity is a Student t with one degree of freedom,
 * {@code q_ij ∝ (1 + |y_i − y_j|²)⁻¹}, whose heavy tail lets moderately distant points sit far
 * apart. The map minimises {@code KL(P ‖ Q) = Σ p_ij log (p_ij / q_ij)} by gradient descent,
 * <pre>
 *   ∂C/∂y_i = 4 Σ_j (p_ij − q_ij)(y_i − y_j) / (1 + |y_i − y_j|²)
 * </pre>
 * with momentum, per-coordinate gains, and "early exaggeration" (P times 12 for the first 250
 * steps, which pulls clusters together before they settle). n² pairs a step: for a few thousand
 * points, seconds.
 */
public final class Tsne {
    public static final double PERPLEXITY = 30;
    static final int STEPS = 1000, EXAGGERATED = 250;
    static final double EXAGGERATION = 12, RATE = 200;

    private Tsne() {
    }

    //> tsne map
    /** The 2-D map of the points (n, d), from a start drawn from rng. */
    public static float[][] map(float[][] points, double perplexity, Rng rng) {
        int n = points.length;
        double[] p = affinities(points, perplexity);
        double[] y = new double[2 * n], velocity = new double[2 * n], gains = new double[2 * n], grad = new double[2 * n];
        double[] w = new double[n * n];                   // the gradient's pair weights, every step
        java.util.Arrays.fill(gains, 1);
        for (int i = 0; i < 2 * n; i++) {
            y[i] = 1e-4 * rng.nextGaussian();
        }
        for (int step = 0; step < STEPS; step++) {
            double exaggeration = step < EXAGGERATED ? EXAGGERATION : 1;
            double momentum = step < EXAGGERATED ? 0.5 : 0.8;
            gradient(p, exaggeration, y, n, w, grad);
            for (int i = 0; i < 2 * n; i++) {
                // a coordinate whose gradient keeps its sign speeds up, one that flips slows down
                gains[i] = Math.signum(grad[i]) != Math.signum(velocity[i]) ? gains[i] + 0.2 : Math.max(0.01, gains[i] * 0.8);
                velocity[i] = momentum * velocity[i] - RATE * gains[i] * grad[i];
                y[i] += velocity[i];
            }
            center(y, n);
        }
        float[][] out = new float[n][2];
        for (int i = 0; i < n; i++) {
            out[i][0] = (float) y[2 * i];
            out[i][1] = (float) y[2 * i + 1];
        }
        return out;
    }
    //< tsne map

    //> tsne affinities
    // the symmetric P (n × n, row-major) of the points, each row's width found for the perplexity
    static double[] affinities(float[][] x, double perplexity) {
        int n = x.length;
        double[] d2 = new double[n * n], p = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                double s = 0;
                for (int k = 0; k < x[i].length; k++) {
                    double diff = x[i][k] - x[j][k];
                    s += diff * diff;
                }
                d2[i * n + j] = d2[j * n + i] = s;
            }
        }
        double target = Math.log(perplexity);           // the entropy, in nats, that row i must have
        for (int i = 0; i < n; i++) {
            double lo = 0, hi = Double.POSITIVE_INFINITY, beta = 1;
            for (int tries = 0; tries < 100; tries++) {
                double sum = 0, weighted = 0, nearest = Double.POSITIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    nearest = j == i ? nearest : Math.min(nearest, d2[i * n + j]);
                }
                for (int j = 0; j < n; j++) {            // exp(−β (d² − d²_min)): the nearest term is 1
                    double e = j == i ? 0 : Math.exp(-beta * (d2[i * n + j] - nearest));
                    p[i * n + j] = e;
                    sum += e;
                    weighted += e * (d2[i * n + j] - nearest);
                }
                double entropy = Math.log(sum) + beta * weighted / sum;   // H = log Σe + β E[d²−d²_min]
                if (Math.abs(entropy - target) < 1e-5) {
                    break;
                }
                if (entropy > target) {                   // too flat: narrow it
                    lo = beta;
                    beta = hi == Double.POSITIVE_INFINITY ? beta * 2 : (beta + hi) / 2;
                } else {
                    hi = beta;
                    beta = (beta + lo) / 2;
                }
            }
            double sum = 0;
            for (int j = 0; j < n; j++) {
                sum += p[i * n + j];
            }
            for (int j = 0; j < n; j++) {
                p[i * n + j] /= sum;
            }
        }
        for (int i = 0; i < n; i++) {                     // symmetric, summing to 1
            for (int j = 0; j < i; j++) {
                double s = (p[i * n + j] + p[j * n + i]) / (2 * n);
                p[i * n + j] = p[j * n + i] = Math.max(s, 1e-12);
            }
        }
        return p;
    }
    //< tsne affinities

    //> tsne gradient
    // grad = ∂ KL(exaggeration·P ‖ Q) / ∂y, y holding the map's n points as (y1, y2) pairs;
    // w (n × n) receives (1 + |y_i − y_j|²)⁻¹
    static void gradient(double[] p, double exaggeration, double[] y, int n, double[] w, double[] grad) {
        double z = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                double d1 = y[2 * i] - y[2 * j], d2 = y[2 * i + 1] - y[2 * j + 1];
                double v = 1 / (1 + d1 * d1 + d2 * d2);
                w[i * n + j] = w[j * n + i] = v;
                z += 2 * v;
            }
        }
        for (int i = 0; i < n; i++) {
            double g1 = 0, g2 = 0;
            for (int j = 0; j < n; j++) {
                if (j == i) {
                    continue;
                }
                double v = w[i * n + j], m = (exaggeration * p[i * n + j] - v / z) * v;
                g1 += m * (y[2 * i] - y[2 * j]);
                g2 += m * (y[2 * i + 1] - y[2 * j + 1]);
            }
            grad[2 * i] = 4 * g1;
            grad[2 * i + 1] = 4 * g2;
        }
    }
    //< tsne gradient

    /** KL(P ‖ Q) of a map: what the gradient descends. */
    static double cost(double[] p, double[] y, int n) {
        double z = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    double d1 = y[2 * i] - y[2 * j], d2 = y[2 * i + 1] - y[2 * j + 1];
                    z += 1 / (1 + d1 * d1 + d2 * d2);
                }
            }
        }
        double c = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    double d1 = y[2 * i] - y[2 * j], d2 = y[2 * i + 1] - y[2 * j + 1];
                    double q = 1 / (1 + d1 * d1 + d2 * d2) / z;
                    c += p[i * n + j] * Math.log(p[i * n + j] / q);
                }
            }
        }
        return c;
    }

    private static void center(double[] y, int n) {
        double m1 = 0, m2 = 0;
        for (int i = 0; i < n; i++) {
            m1 += y[2 * i] / n;
            m2 += y[2 * i + 1] / n;
        }
        for (int i = 0; i < n; i++) {
            y[2 * i] -= m1;
            y[2 * i + 1] -= m2;
        }
    }
}
