package vae.model;

/**
 * {@link ReferenceVae}'s loss, in double precision, made cheap enough for a gradient check at the
 * seed's sizes with a real batch. The forward pass of every row is computed once, as the
 * reference computes it, and kept; {@link #lossWith} then gives the loss after one parameter entry
 * has changed by recomputing only what that entry reaches: its unit in its own layer (from the
 * parameters as they are now), then, layer by layer, the change carried forward through the inputs
 * that changed ({@code pre' = pre + Σ_i w[·][i]·(in'[i] - in[i])}), and the loss terms of the
 * outputs that changed. The same function as {@link ReferenceVae#loss}, which
 * {@link VaeGradientAtScaleTest} checks; one entry of decoder.fc3 costs a few hundred
 * multiply-adds a row instead of the whole network's 640,000.
 *
 * <p>Parameters are in state_dict order (see {@link ReferenceVae}), and shared with the caller,
 * who perturbs one entry at a time and restores it: the layers after the perturbed one are read
 * from copies taken when this was built (transposed, so that carrying a change forward runs along
 * memory).
 */
final class IncrementalReferenceVae {
    private static final int LAYERS = 7;
    /** Which layers a ReLU follows: encoder.fc1, decoder.fc1, decoder.fc2. */
    private static final boolean[] RELU = {true, false, false, false, true, true, false};

    private final double[][] p;
    private final double[][] transposed;    // layer l's weight as it was built, (IN, OUT) row-major
    private final int[] in, out;
    private final double[] x, eps;
    private final int B, I, Z;
    // per row r: pre[l][r] is layer l's output before its ReLU (if any), post[l][r] after it
    private final double[][][] pre = new double[LAYERS][][], post = new double[LAYERS][][];
    private final double[][] z;             // per row: μ + ε·exp(½ log σ²), decoder.fc1's input
    private final double[][] bce;           // per row and pixel: the cross-entropy term
    private final double[] kl;              // per row
    private final double total;

    IncrementalReferenceVae(VaeConfig c, double[][] p, double[] x, double[] eps, int B) {
        if (p.length != 2 * LAYERS) {
            throw new IllegalArgumentException("expected " + 2 * LAYERS + " parameter tensors: " + p.length);
        }
        this.p = p;
        this.x = x;
        this.eps = eps;
        this.B = B;
        this.I = c.input();
        this.Z = c.latent();
        int H = c.hidden(), F = c.feature();
        this.in = new int[]{I, H, F, F, Z, F, H};
        this.out = new int[]{H, F, Z, Z, F, H, I};
        this.transposed = new double[LAYERS][];
        for (int l = 0; l < LAYERS; l++) {
            if (p[2 * l].length != in[l] * out[l] || p[2 * l + 1].length != out[l]) {
                throw new IllegalArgumentException("layer " + l + " is not " + out[l] + "x" + in[l]);
            }
            transposed[l] = new double[in[l] * out[l]];
            for (int o = 0; o < out[l]; o++) {
                for (int i = 0; i < in[l]; i++) {
                    transposed[l][i * out[l] + o] = p[2 * l][o * in[l] + i];
                }
            }
            pre[l] = new double[B][];
            post[l] = new double[B][];
        }
        z = new double[B][];
        bce = new double[B][];
        kl = new double[B];
        double sum = 0;
        for (int r = 0; r < B; r++) {
            double[] xi = ReferenceVae.slice(x, r * I, I);
            layer(0, r, xi);
            layer(1, r, post[0][r]);
            layer(2, r, post[1][r]);
            layer(3, r, post[1][r]);
            z[r] = reparameterize(r, post[2][r], post[3][r]);
            layer(4, r, z[r]);
            layer(5, r, post[4][r]);
            layer(6, r, post[5][r]);
            bce[r] = new double[I];
            double rowBce = 0;
            for (int j = 0; j < I; j++) {
                bce[r][j] = bceTerm(post[6][r][j], x[r * I + j]);
                rowBce += bce[r][j];
            }
            kl[r] = ReferenceVae.kl(post[2][r], post[3][r]);
            sum += rowBce + kl[r];
        }
        total = sum;
    }

    /** The loss at the parameters as they were built. */
    double loss() {
        return total;
    }

    /**
     * The loss at the parameters as they are now, where only entry {@code entry} of parameter
     * tensor {@code tensor} (state_dict order) may differ from when this was built.
     */
    double lossWith(int tensor, int entry) {
        int l = tensor / 2;
        int o = tensor % 2 == 1 ? entry : entry / in[l];
        double delta = 0;
        for (int r = 0; r < B; r++) {
            delta += rowDelta(r, l, o);
        }
        return total + delta;
    }

    // how row r's loss changes when unit o of layer l is recomputed from the parameters as they are now
    private double rowDelta(int r, int l, int o) {
        double[] input = l == 0 ? ReferenceVae.slice(x, r * I, I) : l <= 1 ? post[0][r] : l <= 3 ? post[1][r]
                : l == 4 ? z[r] : post[l - 1][r];
        double[] w = p[2 * l], b = p[2 * l + 1];
        int IN = in[l];
        double s = b[o];
        for (int i = 0; i < IN; i++) {
            s += w[o * IN + i] * input[i];
        }
        double value = RELU[l] ? Math.max(s, 0) : s;
        if (value == post[l][r][o]) {
            return 0;
        }
        double[] changed = post[l][r].clone();
        changed[o] = value;

        double[] h = l == 0 ? changed : post[0][r];
        double[] f = l == 1 ? changed : l < 1 ? carry(1, r, post[0][r], h) : post[1][r];
        double[] mu = l == 2 ? changed : l < 2 ? carry(2, r, post[1][r], f) : post[2][r];
        double[] lv = l == 3 ? changed : l < 2 ? carry(3, r, post[1][r], f) : post[3][r];
        double[] zr = l <= 3 ? reparameterize(r, mu, lv) : z[r];
        double[] d1 = l == 4 ? changed : l < 4 ? carry(4, r, z[r], zr) : post[4][r];
        double[] d2 = l == 5 ? changed : l < 5 ? carry(5, r, post[4][r], d1) : post[5][r];
        double[] a = l == 6 ? changed : carry(6, r, post[5][r], d2);

        double delta = 0;
        double[] old = post[6][r];
        for (int j = 0; j < I; j++) {
            if (a[j] != old[j]) {
                delta += bceTerm(a[j], x[r * I + j]) - bce[r][j];
            }
        }
        if (l <= 3) {
            delta += ReferenceVae.kl(mu, lv) - kl[r];
        }
        return delta;
    }

    // layer l's output (after its ReLU, if any) for row r when its input changes from was to now:
    // its kept output before the ReLU plus the change that each input that moved brings
    private double[] carry(int l, int r, double[] was, double[] now) {
        double[] y = null;
        int OUT = out[l];
        double[] wt = transposed[l];
        for (int i = 0; i < was.length; i++) {
            double d = now[i] - was[i];
            if (d != 0) {
                if (y == null) {
                    y = pre[l][r].clone();
                }
                int row = i * OUT;
                for (int o = 0; o < OUT; o++) {
                    y[o] += wt[row + o] * d;
                }
            }
        }
        if (y == null) {
            return post[l][r];
        }
        if (RELU[l]) {
            for (int o = 0; o < OUT; o++) {
                y[o] = Math.max(y[o], 0);
            }
        }
        return y;
    }

    private void layer(int l, int r, double[] input) {
        pre[l][r] = ReferenceVae.linear(p[2 * l], p[2 * l + 1], input);
        post[l][r] = RELU[l] ? ReferenceVae.relu(pre[l][r]) : pre[l][r];
    }

    private double[] reparameterize(int r, double[] mu, double[] lv) {
        double[] zr = new double[Z];
        for (int j = 0; j < Z; j++) {
            zr[j] = mu[j] + eps[r * Z + j] * Math.exp(0.5 * lv[j]);
        }
        return zr;
    }

    // as ReferenceVae.bce, one term
    private static double bceTerm(double a, double x) {
        return Math.max(a, 0) - a * x + Math.log1p(Math.exp(-Math.abs(a)));
    }
}
