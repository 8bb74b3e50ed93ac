package vae.model;

/**
 * The VAE's forward pass and loss in double precision, written as plainly as possible: the numeric
 * side of the gradient checks. Parameters are in state_dict order: for each of the seven layers
 * (six for a plain autoencoder, which has no log σ² head), weight (OUT×IN, row-major) then bias.
 */
final class ReferenceVae {
    private ReferenceVae() {
    }

    /** Loss summed over the B rows of x, with the given noise eps (B×Z). */
    static double loss(VaeConfig c, double[][] p, double[] x, double[] eps, int B) {
        double total = 0;
        int Z = c.latent();
        for (int r = 0; r < B; r++) {
            double[] xi = slice(x, r * c.input(), c.input());
            double[] h = relu(linear(p[0], p[1], xi));
            double[] f = linear(p[2], p[3], h);
            double[] mu = linear(p[4], p[5], f);
            if (!c.kind().variational()) { // the plain autoencoder: z = μ, no log σ² head, no KL
                total += bce(decode(p, 6, mu), xi);
                continue;
            }
            double[] lv = linear(p[6], p[7], f);
            double[] z = new double[Z];
            for (int j = 0; j < Z; j++) {
                z[j] = mu[j] + eps[r * Z + j] * Math.exp(0.5 * lv[j]);
            }
            total += bce(decode(p, 8, z), xi) + kl(mu, lv);
        }
        return total;
    }

    /** The decoder's logits for z, its three layers' parameters from p[first] on. */
    static double[] decode(double[][] p, int first, double[] z) {
        double[] d1 = relu(linear(p[first], p[first + 1], z));
        double[] d2 = relu(linear(p[first + 2], p[first + 3], d1));
        return linear(p[first + 4], p[first + 5], d2);
    }

    /** -Σ [x log σ(a) + (1-x) log(1-σ(a))], in the stable form. */
    static double bce(double[] a, double[] x) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.max(a[i], 0) - a[i] * x[i] + Math.log1p(Math.exp(-Math.abs(a[i])));
        }
        return sum;
    }

    static double kl(double[] mu, double[] lv) {
        double sum = 0;
        for (int j = 0; j < mu.length; j++) {
            sum += 1 + lv[j] - mu[j] * mu[j] - Math.exp(lv[j]);
        }
        return -0.5 * sum;
    }

    static double[] linear(double[] w, double[] b, double[] x) {
        double[] y = new double[b.length];
        for (int o = 0; o < b.length; o++) {
            double s = b[o];
            for (int i = 0; i < x.length; i++) {
                s += w[o * x.length + i] * x[i];
            }
            y[o] = s;
        }
        return y;
    }

    static double[] relu(double[] a) {
        double[] y = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            y[i] = Math.max(a[i], 0);
        }
        return y;
    }

    static double[] slice(double[] a, int from, int n) {
        double[] s = new double[n];
        System.arraycopy(a, from, s, 0, n);
        return s;
    }
}
