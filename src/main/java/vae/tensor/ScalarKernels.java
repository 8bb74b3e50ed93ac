package vae.tensor;

import static vae.tensor.HostTensor.data;

import vae.data.Mnist;

/**
 * The definition of every kernel: plain loops, one element at a time, in the order the math is
 * written. Slow on purpose. The fast kernels ({@code vae.fast.VectorKernels}) and the OpenCL ones
 * must agree with these (the tests check it), and {@code --kernels scalar} trains with them.
 */
public class ScalarKernels implements Kernels {

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public Tensor allocate(int rows, int cols) {
        return new HostTensor(rows, cols);
    }

    @Override
    public void upload(float[] src, int n, Tensor dst) {
        System.arraycopy(src, 0, data(dst), 0, n);
    }

    @Override
    public void download(Tensor src, int n, float[] dst) {
        System.arraycopy(data(src), 0, dst, 0, n);
    }

    //> kernels upload-images
    // images holds P bytes an image; dst is (count, P): row k = image order[from + k], byte / 255,
    // by the data reader's own loop, straight into the tensor's floats
    @Override
    public void uploadImages(byte[] images, int P, int[] order, int from, int count, Tensor dst) {
        Mnist.toFloats(images, P, order, from, count, data(dst));
    }
    //< kernels upload-images

    //> kernels linear-forward
    // x is (B, IN), w is (OUT, IN), b is (1, OUT), y is (B, OUT)
    @Override
    public void linearForward(Tensor x, Tensor w, Tensor b, Tensor y, int B) {
        float[] X = data(x), W = data(w), BIAS = data(b), Y = data(y);
        int IN = w.cols, OUT = w.rows;
        for (int r = 0; r < B; r++) {
            for (int o = 0; o < OUT; o++) {
                float sum = BIAS[o];
                for (int i = 0; i < IN; i++) {
                    sum += X[r * IN + i] * W[o * IN + i];
                }
                Y[r * OUT + o] = sum;
            }
        }
    }
    //< kernels linear-forward

    //> kernels linear-backward
    // dy is (B, OUT), w is (OUT, IN), dx is (B, IN)
    @Override
    public void linearBackwardInput(Tensor dy, Tensor w, Tensor dx, int B, boolean accumulate) {
        float[] DY = data(dy), W = data(w), DX = data(dx);
        int IN = w.cols, OUT = w.rows;
        for (int r = 0; r < B; r++) {
            for (int i = 0; i < IN; i++) {
                float sum = 0f;
                for (int o = 0; o < OUT; o++) {
                    sum += DY[r * OUT + o] * W[o * IN + i];
                }
                DX[r * IN + i] = accumulate ? DX[r * IN + i] + sum : sum;
            }
        }
    }

    // dy is (B, OUT), x is (B, IN), dw is (OUT, IN), db is (1, OUT)
    @Override
    public void linearBackwardParams(Tensor dy, Tensor x, Tensor dw, Tensor db, int B) {
        float[] DY = data(dy), X = data(x), DW = data(dw), DB = data(db);
        int IN = dw.cols, OUT = dw.rows;
        for (int o = 0; o < OUT; o++) {
            for (int i = 0; i < IN; i++) {
                float sum = 0f;
                for (int r = 0; r < B; r++) {
                    sum += DY[r * OUT + o] * X[r * IN + i];
                }
                DW[o * IN + i] = sum;
            }
            float bias = 0f;
            for (int r = 0; r < B; r++) {
                bias += DY[r * OUT + o];
            }
            DB[o] = bias;
        }
    }
    //< kernels linear-backward

    //> kernels relu
    // y is (B, N), in place
    @Override
    public void reluForward(Tensor y, int B) {
        float[] Y = data(y);
        for (int i = 0; i < B * y.cols; i++) {
            Y[i] = Math.max(Y[i], 0f);
        }
    }

    // y and dy are (B, N); dy in place
    @Override
    public void reluBackward(Tensor y, Tensor dy, int B) {
        float[] Y = data(y), DY = data(dy);
        for (int i = 0; i < B * y.cols; i++) {
            DY[i] = Y[i] > 0f ? DY[i] : 0f;
        }
    }
    //< kernels relu

    //> kernels sigmoid
    // a and y are (B, N)
    @Override
    public void sigmoidForward(Tensor a, Tensor y, int B) {
        float[] A = data(a), Y = data(y);
        for (int i = 0; i < B * a.cols; i++) {
            Y[i] = (float) (1.0 / (1.0 + Math.exp(-A[i])));
        }
    }

    // y, dy and da are (B, N)
    @Override
    public void sigmoidBackward(Tensor y, Tensor dy, Tensor da, int B) {
        float[] Y = data(y), DY = data(dy), DA = data(da);
        for (int i = 0; i < B * y.cols; i++) {
            DA[i] = DY[i] * Y[i] * (1f - Y[i]);
        }
    }
    //< kernels sigmoid

    //> kernels reparameterize
    // mu, logvar, eps and z are (B, Z)
    @Override
    public void reparameterize(Tensor mu, Tensor logvar, Tensor eps, Tensor z, int B) {
        reparameterize(data(mu), data(logvar), data(eps), data(z), B * mu.cols);
    }

    // dz, logvar, eps, dmu and dlogvar are (B, Z)
    @Override
    public void reparameterizeBackward(Tensor dz, Tensor logvar, Tensor eps, Tensor dmu, Tensor dlogvar, int B) {
        reparameterizeBackward(data(dz), data(logvar), data(eps), data(dmu), data(dlogvar), B * dz.cols);
    }

    // The loops, over the first n numbers of each array (B·Z of them); the vector kernels run them too
    public static void reparameterize(float[] MU, float[] LV, float[] E, float[] Z, int n) {
        for (int i = 0; i < n; i++) {
            float std = (float) Math.exp(0.5 * LV[i]);
            Z[i] = MU[i] + E[i] * std;
        }
    }

    public static void reparameterizeBackward(float[] DZ, float[] LV, float[] E, float[] DMU, float[] DLV, int n) {
        for (int i = 0; i < n; i++) {
            float std = (float) Math.exp(0.5 * LV[i]);
            DMU[i] = DZ[i];                     // dz/dmu = 1
            DLV[i] = DZ[i] * E[i] * std * 0.5f; // dz/dlogvar = eps * exp(logvar/2) / 2
        }
    }
    //< kernels reparameterize

    //> kernels bce
    // logits, x and dlogits are (B, N), rowLoss is (B, 1)
    @Override
    public void bceWithLogits(Tensor logits, Tensor x, Tensor dlogits, Tensor rowLoss, int B) {
        float[] A = data(logits), X = data(x), DA = data(dlogits), L = data(rowLoss);
        int N = logits.cols;
        for (int r = 0; r < B; r++) {
            double sum = 0;
            for (int c = 0; c < N; c++) {
                double a = A[r * N + c], t = X[r * N + c];
                // -[t·log σ(a) + (1-t)·log(1-σ(a))], rewritten so that exp never overflows
                sum += Math.max(a, 0) - a * t + Math.log1p(Math.exp(-Math.abs(a)));
                DA[r * N + c] = (float) (1.0 / (1.0 + Math.exp(-a)) - t);
            }
            L[r] = (float) sum;
        }
    }
    //< kernels bce

    //> kernels kl
    // mu and logvar are (B, Z), rowKl is (B, 1)
    @Override
    public void klForward(Tensor mu, Tensor logvar, Tensor rowKl, int B) {
        klForward(data(mu), data(logvar), data(rowKl), B, mu.cols);
    }

    // mu, logvar, dmu and dlogvar are (B, Z); the gradients accumulate
    @Override
    public void klBackward(Tensor mu, Tensor logvar, Tensor dmu, Tensor dlogvar, int B) {
        klBackward(data(mu), data(logvar), data(dmu), data(dlogvar), B * mu.cols);
    }

    // The loops: the KL of B rows of Z numbers each, and its gradient over the first n = B·Z numbers;
    // the vector kernels run them too
    public static void klForward(float[] MU, float[] LV, float[] KL, int B, int Z) {
        for (int r = 0; r < B; r++) {
            double sum = 0;
            for (int c = 0; c < Z; c++) {
                double m = MU[r * Z + c], lv = LV[r * Z + c];
                sum += 1 + lv - m * m - Math.exp(lv);
            }
            KL[r] = (float) (-0.5 * sum);
        }
    }

    public static void klBackward(float[] MU, float[] LV, float[] DMU, float[] DLV, int n) {
        for (int i = 0; i < n; i++) {
            DMU[i] += MU[i];
            DLV[i] += 0.5f * ((float) Math.exp(LV[i]) - 1f);
        }
    }
    //< kernels kl

    //> kernels adam
    // p, g, m and v have the same shape
    @Override
    public void adamStep(Tensor p, Tensor g, Tensor m, Tensor v, AdamStep adam) {
        float[] P = data(p), G = data(g), M = data(m), V = data(v);
        float b1 = (float) adam.beta1(), b2 = (float) adam.beta2();
        float oneMinusB1 = (float) (1 - adam.beta1()), oneMinusB2 = (float) (1 - adam.beta2());
        float e = (float) adam.eps(), step = (float) adam.stepSize(), bc2 = (float) adam.bc2Sqrt();
        for (int i = 0; i < p.size(); i++) {
            M[i] = flushSubnormal(b1 * M[i] + oneMinusB1 * G[i]);
            V[i] = flushSubnormal(b2 * V[i] + oneMinusB2 * G[i] * G[i]);
            float denom = (float) Math.sqrt(V[i]) / bc2 + e;
            P[i] -= step * (M[i] / denom);
        }
    }

    /**
     * A moment too small for a normal float (below 2⁻¹²⁶ ≈ 1.2e-38) becomes 0, as PyTorch's
     * {@code torch.set_flush_denormal(True)} does. The weights of pixels that are rarely lit get
     * a zero gradient most steps, so their m decays through the subnormal range, where every
     * x86 operation on it costs a slow microcode assist (a third of the first layer's m, late in
     * training). What it changes in a step is below 1e-30.
     */
    public static float flushSubnormal(float x) {
        return Math.abs(x) < Float.MIN_NORMAL ? 0f : x;
    }
    //< kernels adam

    @Override
    public void close() {
    }
}
