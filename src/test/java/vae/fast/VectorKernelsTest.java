package vae.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import vae.data.EveryByteImages;
import vae.tensor.AdamStep;
import vae.tensor.HostTensor;
import vae.tensor.Tensor;
import vae.tensor.ScalarKernels;
import vae.tensor.Kernels;

/**
 * Every VectorKernels method against the scalar reference, at awkward sizes. A product may
 * differ by rounding only: both are sums of K terms in the same order, so each is within
 * {@code K·u·Σ|term|} of the exact value ({@code u = 2^-24}), and the test allows twice that.
 */
class VectorKernelsTest {
    private static final int[] BATCHES = {1, 7, 13, 96, 128};
    /** (IN, OUT) of the layers tried: the model's, tiny ones, and widths one past a vector. */
    private static final int[][] LAYERS = {
            {1, 1}, {2, 10}, {10, 2}, {7, 13}, {13, 7}, {10, 400}, {400, 10},
            {784, 400}, {400, 784}, {785, 13}, {13, 785}, {4098, 7}, {7, 4098}, {785, 401}};
    private static final double U = Math.ulp(1f) / 2;

    private static final ScalarKernels scalar = new ScalarKernels();
    private static final VectorKernels vector = new VectorKernels(2);

    @AfterAll
    static void close() {
        vector.close();
    }

    private static HostTensor random(int rows, int cols, Random random) {
        HostTensor t = new HostTensor(rows, cols);
        for (int i = 0; i < t.data.length; i++) {
            t.data[i] = random.nextFloat() * 2 - 1;
        }
        return t;
    }

    private static HostTensor copy(HostTensor t) {
        HostTensor c = new HostTensor(t.rows, t.cols);
        System.arraycopy(t.data, 0, c.data, 0, t.data.length);
        return c;
    }

    /** Fails at the first element further from expected than tolerance[i]; prints it and the worst. */
    private static void assertWithin(String what, float[] expected, float[] actual, double[] tolerance, int n) {
        for (int i = 0; i < n; i++) {
            if (!(Math.abs(expected[i] - actual[i]) <= tolerance[i])) {
                fail(what + ": element " + i + " is " + actual[i] + ", expected " + expected[i]
                        + " within " + tolerance[i]);
            }
        }
    }

    private static boolean affordable(int B, int IN, int OUT) {
        return (long) B * IN * OUT <= 50_000_000L;
    }

    @Test
    void linearForwardMatchesTheReference() {
        Random random = new Random(1);
        for (int[] layer : LAYERS) {
            for (int B : BATCHES) {
                int IN = layer[0], OUT = layer[1];
                if (!affordable(B, IN, OUT)) {
                    continue;
                }
                HostTensor x = random(128, IN, random), w = random(OUT, IN, random), b = random(1, OUT, random);
                HostTensor expected = random(128, OUT, random), actual = copy(expected);
                scalar.linearForward(x, w, b, expected, B);
                vector.linearForward(x, w, b, actual, B);
                double[] tolerance = new double[B * OUT];
                for (int r = 0; r < B; r++) {
                    for (int o = 0; o < OUT; o++) {
                        double magnitude = Math.abs(b.data[o]);
                        for (int i = 0; i < IN; i++) {
                            magnitude += Math.abs(x.data[r * IN + i] * w.data[o * IN + i]);
                        }
                        tolerance[r * OUT + o] = 2 * (IN + 1) * U * magnitude;
                    }
                }
                String what = "linearForward B=" + B + " IN=" + IN + " OUT=" + OUT;
                assertWithin(what, expected.data, actual.data, tolerance, B * OUT);
                assertArrayEquals(java.util.Arrays.copyOfRange(expected.data, B * OUT, 128 * OUT),
                        java.util.Arrays.copyOfRange(actual.data, B * OUT, 128 * OUT), what + ": rows past B changed");
            }
        }
    }

    @Test
    void linearBackwardInputMatchesTheReference() {
        Random random = new Random(2);
        for (int[] layer : LAYERS) {
            for (int B : BATCHES) {
                int IN = layer[0], OUT = layer[1];
                if (!affordable(B, IN, OUT)) {
                    continue;
                }
                HostTensor dy = random(128, OUT, random), w = random(OUT, IN, random);
                for (boolean accumulate : new boolean[]{false, true}) {
                    HostTensor expected = random(128, IN, random), actual = copy(expected);
                    double[] tolerance = new double[B * IN];
                    for (int r = 0; r < B; r++) {
                        for (int i = 0; i < IN; i++) {
                            double magnitude = accumulate ? Math.abs(expected.data[r * IN + i]) : 0;
                            for (int o = 0; o < OUT; o++) {
                                magnitude += Math.abs(dy.data[r * OUT + o] * w.data[o * IN + i]);
                            }
                            tolerance[r * IN + i] = 2 * (OUT + 1) * U * magnitude;
                        }
                    }
                    scalar.linearBackwardInput(dy, w, expected, B, accumulate);
                    vector.linearBackwardInput(dy, w, actual, B, accumulate);
                    String what = "linearBackwardInput B=" + B + " IN=" + IN + " OUT=" + OUT + " accumulate=" + accumulate;
                    assertWithin(what, expected.data, actual.data, tolerance, B * IN);
                    assertArrayEquals(java.util.Arrays.copyOfRange(expected.data, B * IN, 128 * IN),
                            java.util.Arrays.copyOfRange(actual.data, B * IN, 128 * IN), what + ": rows past B changed");
                }
            }
        }
    }

    @Test
    void linearBackwardParamsMatchesTheReference() {
        Random random = new Random(3);
        for (int[] layer : LAYERS) {
            for (int B : BATCHES) {
                int IN = layer[0], OUT = layer[1];
                if (!affordable(B, IN, OUT)) {
                    continue;
                }
                HostTensor dy = random(128, OUT, random), x = random(128, IN, random);
                HostTensor dw = random(OUT, IN, random), db = random(1, OUT, random);
                HostTensor dwVector = copy(dw), dbVector = copy(db);
                scalar.linearBackwardParams(dy, x, dw, db, B);
                vector.linearBackwardParams(dy, x, dwVector, dbVector, B);
                double[] tolerance = new double[OUT * IN], biasTolerance = new double[OUT];
                for (int o = 0; o < OUT; o++) {
                    for (int i = 0; i < IN; i++) {
                        double magnitude = 0;
                        for (int r = 0; r < B; r++) {
                            magnitude += Math.abs(dy.data[r * OUT + o] * x.data[r * IN + i]);
                        }
                        tolerance[o * IN + i] = 2 * B * U * magnitude;
                    }
                }
                String what = "linearBackwardParams B=" + B + " IN=" + IN + " OUT=" + OUT;
                assertWithin(what + " dw", dw.data, dwVector.data, tolerance, OUT * IN);
                assertWithin(what + " db", db.data, dbVector.data, biasTolerance, OUT);   // same sums, same order: exact
            }
        }
    }

    /** The three products on 1, 2 and 3 threads: the same bits. */
    @Test
    void productsAreBitIdenticalOnAnyNumberOfThreads() {
        // the model's shapes, and awkward ones big enough to be split (see Parallel.MIN_PARALLEL_WORK)
        int[][] shapes = {{128, 784, 400}, {96, 400, 784}, {128, 400, 10}, {13, 785, 801}, {7, 4098, 161}, {1, 4098, 1100}, {96, 401, 131}};
        Random random = new Random(4);
        VectorKernels[] kernels = {new VectorKernels(1), new VectorKernels(2), new VectorKernels(3)};
        try {
            for (int[] shape : shapes) {
                int B = shape[0], IN = shape[1], OUT = shape[2];
                HostTensor x = random(B, IN, random), w = random(OUT, IN, random), b = random(1, OUT, random);
                HostTensor dy = random(B, OUT, random), dxStart = random(B, IN, random);
                float[][] first = null;
                for (VectorKernels k : kernels) {
                    HostTensor y = new HostTensor(B, OUT), dx = new HostTensor(B, IN), dxSum = copy(dxStart);
                    HostTensor dw = new HostTensor(OUT, IN), db = new HostTensor(1, OUT);
                    k.linearForward(x, w, b, y, B);
                    k.linearBackwardInput(dy, w, dx, B, false);
                    k.linearBackwardInput(dy, w, dxSum, B, true);
                    k.linearBackwardParams(dy, x, dw, db, B);
                    float[][] outputs = {y.data, dx.data, dxSum.data, dw.data, db.data};
                    if (first == null) {
                        first = outputs;
                    }
                    for (int i = 0; i < outputs.length; i++) {
                        assertArrayEquals(first[i], outputs[i], "output " + i + " of B=" + B + " IN=" + IN
                                + " OUT=" + OUT + " on " + k.threads() + " threads");
                    }
                }
            }
        } finally {
            for (VectorKernels k : kernels) {
                k.close();
            }
        }
    }

    /**
     * The zeros the products skip (blank pixels in every image of a strip, units that no image turned
     * on) change no bit: the forward and the weight gradient equal their definition, one fused
     * multiply-add at a time, on any number of threads, and a dead unit's row of dW is zero.
     */
    @Test
    void skippedZerosChangeNoBit() {
        int B = 128, IN = 784, OUT = 400;
        Random random = new Random(7);
        HostTensor x = random(B, IN, random), w = random(OUT, IN, random), b = random(1, OUT, random);
        HostTensor dy = random(B, OUT, random);
        for (int r = 0; r < B; r++) {
            for (int i = 0; i < IN; i++) {
                if (i % 28 < 4 || i % 28 >= 24 || random.nextInt(3) == 0) {   // a blank border, and ink here and there
                    x.data[r * IN + i] = 0f;
                }
            }
            for (int o = 0; o < OUT; o++) {
                if (o % 5 == 2 || o % 7 == 0 || random.nextInt(2) == 0) {        // dead units, and a ReLU's zeros
                    dy.data[r * OUT + o] = 0f;
                }
            }
        }
        float[] y = new float[B * OUT], dw = new float[OUT * IN];
        MatMul.multiplyNaive(new Matrix(x.data, IN, 1), new Matrix(w.data, 1, IN), new Matrix(y, OUT, 1), new Matrix(b.data, 0, 1), B, OUT, IN);
        MatMul.multiplyNaive(new Matrix(dy.data, 1, OUT), new Matrix(x.data, IN, 1), new Matrix(dw, IN, 1), new Matrix(new float[IN], 0, 1), OUT, IN, B);
        for (int threads : new int[]{1, 2, 3}) {
            try (VectorKernels k = new VectorKernels(threads)) {
                HostTensor yv = new HostTensor(B, OUT), dwv = random(OUT, IN, random), dbv = new HostTensor(1, OUT);
                k.linearForward(x, w, b, yv, B);
                k.linearBackwardParams(dy, x, dwv, dbv, B);
                assertArrayEquals(y, yv.data, "y = x·wᵀ + b on " + threads + " threads");
                assertArrayEquals(dw, dwv.data, "dW = dyᵀ·x on " + threads + " threads");
                for (int i = 0; i < IN; i++) {
                    assertTrue(Float.floatToRawIntBits(dwv.data[2 * IN + i]) == 0, "dead unit 2's dW row is +0");
                }
            }
        }
    }

    /**
     * A weight gradient in panels is left running on the helpers; a kernel that writes what it reads
     * (dy, here through an in-place ReLU) waits for it first, and so does one that reads what it
     * writes (download of dw): both see the gradient of the dy it was given.
     */
    @Test
    void aKernelWaitsForTheWeightGradientInTheBackgroundWhereTheirTensorsMeet() {
        Random random = new Random(12);
        int B = 128, IN = 784, OUT = 400;
        HostTensor x = random(B, IN, random), dy = random(B, OUT, random);
        float[] dw = new float[OUT * IN], db = new float[OUT];
        MatMul.multiplyNaive(new Matrix(dy.data, 1, OUT), new Matrix(x.data, IN, 1), new Matrix(dw, IN, 1), new Matrix(new float[IN], 0, 1), OUT, IN, B);
        for (int r = 0; r < B; r++) {
            for (int o = 0; o < OUT; o++) {
                db[o] += dy.data[r * OUT + o];
            }
        }
        try (VectorKernels k = new VectorKernels(2)) {
            for (int round = 0; round < 10; round++) {
                HostTensor dyRound = copy(dy), dbv = new HostTensor(1, OUT);
                Tensor dwv = k.allocate(OUT, IN);
                k.linearBackwardParams(dyRound, x, dwv, dbv, B);
                k.reluForward(dyRound, B);                 // writes dy: waits for the gradient first
                float[] actual = new float[OUT * IN];
                k.download(dwv, OUT * IN, actual);
                assertArrayEquals(dw, actual, "dW, round " + round);
                assertArrayEquals(db, dbv.data, "db, round " + round);
            }
        }
    }

    /** The loss and Adam, split over rows and over parameters, on 1, 2 and 3 threads: the same bits. */
    @Test
    void lossAndAdamAreBitIdenticalOnAnyNumberOfThreads() {
        Random random = new Random(10);
        int B = 128, N = 785, n = 314_003;
        HostTensor logits = new HostTensor(B, N), x = new HostTensor(B, N);
        mnistLike(logits, x, random);
        HostTensor p0 = random(1, n, random), g = random(1, n, random);
        float[][] first = null;
        for (int threads = 1; threads <= 3; threads++) {
            try (VectorKernels k = new VectorKernels(threads)) {
                HostTensor d = new HostTensor(B, N), loss = new HostTensor(B, 1);
                k.bceWithLogits(logits, x, d, loss, B);
                HostTensor p = copy(p0), m = new HostTensor(1, n), v = new HostTensor(1, n);
                for (int t = 1; t <= 3; t++) {
                    k.adamStep(p, g, m, v, new AdamStep(0.9, 0.999, 1e-8, 1e-3 / (1 - Math.pow(0.9, t)), Math.sqrt(1 - Math.pow(0.999, t))));
                }
                float[][] outputs = {d.data, loss.data, p.data, m.data, v.data};
                if (first == null) {
                    first = outputs;
                }
                for (int i = 0; i < outputs.length; i++) {
                    assertArrayEquals(first[i], outputs[i], "output " + i + " on " + threads + " threads");
                }
            }
        }
    }

    @Test
    void uploadImagesGivesEveryByteItsQuotient() {
        // every byte value, in images of 28x28 (a whole number of vectors at every width), of 5x7
        // (a tail) and of one pixel, taken out of order: both kernels give each byte / 255 in float
        for (int[] shape : new int[][]{{28, 28}, {5, 7}, {1, 1}}) {
            EveryByteImages images = EveryByteImages.of(shape[0], shape[1]);
            int P = images.P(), rows = images.count() - 1;
            for (Kernels k : new Kernels[] {scalar, vector}) {
                Tensor x = k.allocate(rows, P);
                k.uploadImages(images.bytes(), P, images.order(), 1, rows, x);    // from position 1 of the order
                float[] got = new float[rows * P];
                k.download(x, got.length, got);
                images.assertQuotients(got, 1, rows, k.name() + ", " + shape[0] + "x" + shape[1]);
            }
        }
    }

    @Test
    void reluAndSigmoidMatchTheReference() {
        Random random = new Random(5);
        for (int B : BATCHES) {
            for (int N : new int[]{1, 7, 13, 400, 785}) {
                HostTensor a = random(128, N, random);
                for (int i = 0; i < 5; i++) {
                    a.data[random.nextInt(a.data.length)] = 0f;
                }
                // -0 must come out +0 and NaN stay NaN, as Math.max has them (assertArrayEquals
                // compares the bits: -0 is not +0 there)
                a.data[random.nextInt(a.data.length)] = -0f;
                a.data[random.nextInt(a.data.length)] = Float.NaN;
                HostTensor ys = copy(a), yv = copy(a);
                scalar.reluForward(ys, B);
                vector.reluForward(yv, B);
                assertArrayEquals(ys.data, yv.data, "reluForward B=" + B + " N=" + N);

                HostTensor dy = random(128, N, random), ds = copy(dy), dv = copy(dy);
                scalar.reluBackward(ys, ds, B);
                vector.reluBackward(ys, dv, B);
                assertArrayEquals(ds.data, dv.data, "reluBackward B=" + B + " N=" + N);

                HostTensor big = random(128, N, random);
                for (int i = 0; i < big.data.length; i++) {
                    big.data[i] *= 30;
                }
                HostTensor ss = new HostTensor(128, N), sv = new HostTensor(128, N);
                scalar.sigmoidForward(big, ss, B);
                vector.sigmoidForward(big, sv, B);
                double[] tolerance = new double[B * N];
                for (int i = 0; i < B * N; i++) {
                    tolerance[i] = 4 * Math.ulp(ss.data[i]);
                }
                assertWithin("sigmoidForward B=" + B + " N=" + N, ss.data, sv.data, tolerance, B * N);

                HostTensor das = new HostTensor(128, N), dav = new HostTensor(128, N);
                scalar.sigmoidBackward(ss, dy, das, B);
                vector.sigmoidBackward(ss, dy, dav, B);
                assertArrayEquals(das.data, dav.data, "sigmoidBackward B=" + B + " N=" + N);
            }
        }
    }

    /** Logits and targets like the model's: logits spread over ±10, images mostly 0 with some 1. */
    private static void mnistLike(HostTensor logits, HostTensor x, Random random) {
        for (int i = 0; i < x.data.length; i++) {
            logits.data[i] = (float) (random.nextGaussian() * 4);
            double u = random.nextDouble();
            x.data[i] = u < 0.75 ? 0f : u < 0.85 ? 1f : random.nextFloat();
        }
    }

    private static void assertBce(HostTensor logits, HostTensor x, int B, String what) {
        int N = logits.cols;
        HostTensor ds = new HostTensor(logits.rows, N), dv = new HostTensor(logits.rows, N);
        HostTensor ls = new HostTensor(logits.rows, 1), lv = new HostTensor(logits.rows, 1);
        scalar.bceWithLogits(logits, x, ds, ls, B);
        vector.bceWithLogits(logits, x, dv, lv, B);
        double[] lossTolerance = new double[B], gradTolerance = new double[B * N];
        for (int r = 0; r < B; r++) {
            assertTrue(Float.isFinite(lv.data[r]), what + ": row " + r + " loss is " + lv.data[r]);
            lossTolerance[r] = 1e-6 * Math.abs(ls.data[r]) + 1e-30;
        }
        for (int i = 0; i < B * N; i++) {
            assertTrue(Float.isFinite(dv.data[i]), what + ": dlogits[" + i + "] is " + dv.data[i]);
            gradTolerance[i] = 2e-7;
        }
        assertWithin(what + " rowLoss", ls.data, lv.data, lossTolerance, B);
        assertWithin(what + " dlogits", ds.data, dv.data, gradTolerance, B * N);
    }

    @Test
    void bceMatchesTheReference() {
        Random random = new Random(6);
        for (int B : BATCHES) {
            for (int N : new int[]{1, 7, 13, 784, 785}) {
                HostTensor logits = new HostTensor(128, N), x = new HostTensor(128, N);
                mnistLike(logits, x, random);
                assertBce(logits, x, B, "bce B=" + B + " N=" + N);
            }
        }
    }

    @Test
    void bceStaysFiniteAndExactAtExtremeLogits() {
        float[] extremes = {100f, -100f, 1e4f, -1e4f, 88f, -88f, 0f, 1e-8f, -1e-8f, 17f, -17f};
        float[] targets = {0f, 1f, 0.5f, 0.25f};
        int N = 784 + 13, B = 13;
        HostTensor logits = new HostTensor(B, N), x = new HostTensor(B, N);
        Random random = new Random(7);
        for (int i = 0; i < B * N; i++) {
            logits.data[i] = extremes[random.nextInt(extremes.length)];
            x.data[i] = targets[random.nextInt(targets.length)];
        }
        for (int c = 0; c < N; c++) {     // row 0: hopeless, all confident and wrong; row 1: all confident and right
            logits.data[c] = -1e4f;
            x.data[c] = 1f;
            logits.data[N + c] = -1e4f;
            x.data[N + c] = 0f;
        }
        assertBce(logits, x, B, "bce at extreme logits");
    }

    @Test
    void adamIsTheSameFloatsAsTheReference() {
        Random random = new Random(8);
        // from step 16,628 on the vector kernel skips dividing by sqrt(1 - β2^t), which is 1 in float
        assertEquals(1f, (float) Math.sqrt(1 - Math.pow(0.999, 16_628)));
        assertNotEquals(1f, (float) Math.sqrt(1 - Math.pow(0.999, 16_627)));
        for (int n : new int[]{1, 7, 13, 400, 4098, 314_000}) {
            HostTensor p = random(1, n, random), m = new HostTensor(1, n), v = new HostTensor(1, n);
            HostTensor pv = copy(p), mv = copy(m), vv = copy(v);
            double beta1 = 0.9, beta2 = 0.999, lr = 1e-3, eps = 1e-8;
            for (int t : new int[]{1, 2, 3, 4, 5, 16_627, 16_628, 16_629, 40_000}) {
                HostTensor g = random(1, n, random);
                double stepSize = lr / (1 - Math.pow(beta1, t)), bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, t));
                scalar.adamStep(p, g, m, v, new AdamStep(beta1, beta2, eps, stepSize, bc2Sqrt));
                vector.adamStep(pv, g, mv, vv, new AdamStep(beta1, beta2, eps, stepSize, bc2Sqrt));
                assertArrayEquals(p.data, pv.data, "p after step " + t + " of n=" + n);
                assertArrayEquals(m.data, mv.data, "m after step " + t + " of n=" + n);
                assertArrayEquals(v.data, vv.data, "v after step " + t + " of n=" + n);
            }
        }
    }

    /**
     * The reparameterisation and the KL term, in the scalar and the vector kernels, against their
     * formulas evaluated here in double precision from the same floats:
     * {@code z = μ + ε·exp(½ log σ²)}, {@code dμ = dz}, {@code dlog σ² = dz·ε·exp(½ log σ²)·½};
     * {@code KL = -½ Σ (1 + log σ² - μ² - σ²)}, {@code dμ += μ}, {@code dlog σ² += ½(σ² - 1)}.
     * Each float result is a few roundings from its formula, so the bound is a few units in the
     * last place of the terms; rows past B must not change.
     */
    @Test
    void latentAndKlKernelsMatchTheirFormulas() {
        for (Kernels k : new Kernels[]{scalar, vector}) {
            assertLatentAndKl(k);
        }
    }

    /** A kernel that drops one ½ of the formulas fails the check: it cannot pass whatever the kernels do. */
    @Test
    void theLatentCheckCatchesADroppedHalf() {
        Kernels[] broken = {
                new ScalarKernels() {
                    @Override
                    public void reparameterize(Tensor mu, Tensor logvar, Tensor eps, Tensor z, int B) {
                        float[] MU = ((HostTensor) mu).data, LV = ((HostTensor) logvar).data, E = ((HostTensor) eps).data, Z = ((HostTensor) z).data;
                        for (int i = 0; i < B * mu.cols; i++) {
                            Z[i] = MU[i] + E[i] * (float) Math.exp(LV[i]);
                        }
                    }
                },
                new ScalarKernels() {
                    @Override
                    public void reparameterizeBackward(Tensor dz, Tensor logvar, Tensor eps, Tensor dmu, Tensor dlogvar, int B) {
                        super.reparameterizeBackward(dz, logvar, eps, dmu, dlogvar, B);
                        float[] DLV = ((HostTensor) dlogvar).data;
                        for (int i = 0; i < B * dz.cols; i++) {
                            DLV[i] *= 2;
                        }
                    }
                },
                new ScalarKernels() {
                    @Override
                    public void klForward(Tensor mu, Tensor logvar, Tensor rowKl, int B) {
                        super.klForward(mu, logvar, rowKl, B);
                        float[] KL = ((HostTensor) rowKl).data;
                        for (int r = 0; r < B; r++) {
                            KL[r] *= 2;
                        }
                    }
                },
                new ScalarKernels() {
                    @Override
                    public void klBackward(Tensor mu, Tensor logvar, Tensor dmu, Tensor dlogvar, int B) {
                        float[] MU = ((HostTensor) mu).data, LV = ((HostTensor) logvar).data, DMU = ((HostTensor) dmu).data, DLV = ((HostTensor) dlogvar).data;
                        for (int i = 0; i < B * mu.cols; i++) {
                            DMU[i] += MU[i];
                            DLV[i] += (float) Math.exp(LV[i]) - 1f;
                        }
                    }
                }};
        for (Kernels k : broken) {
            org.junit.jupiter.api.Assertions.assertThrows(org.opentest4j.AssertionFailedError.class, () -> assertLatentAndKl(k));
        }
    }

    private static void assertLatentAndKl(Kernels k) {
        Random random = new Random(9);
        int rows = 128;
        for (int[] shape : new int[][]{{1, 1}, {13, 2}, {7, 3}, {37, 16}, {128, 10}}) {
            int B = shape[0], Z = shape[1], n = B * Z;
            String what = k.name() + " B=" + B + " Z=" + Z;
            HostTensor mu = uniform(rows, Z, -3, 3, random), logvar = uniform(rows, Z, -4, 3, random);
            HostTensor eps = new HostTensor(rows, Z), dz = uniform(rows, Z, -1, 1, random);
            for (int i = 0; i < eps.data.length; i++) {
                eps.data[i] = (float) random.nextGaussian();
            }

            HostTensor z = uniform(rows, Z, -1, 1, random), zBefore = copy(z);
            k.reparameterize(mu, logvar, eps, z, B);
            double[] expected = new double[n], tolerance = new double[n];
            for (int i = 0; i < n; i++) {
                double m = mu.data[i], noise = eps.data[i] * Math.exp(0.5 * logvar.data[i]);
                expected[i] = m + noise;
                tolerance[i] = 4 * U * (Math.abs(m) + Math.abs(noise));
            }
            assertNear(what + " reparameterize z", expected, z.data, tolerance);
            assertUnchanged(what + " reparameterize z", zBefore, z, n);

            HostTensor dmu = uniform(rows, Z, -1, 1, random), dlogvar = uniform(rows, Z, -1, 1, random);
            HostTensor dmuBefore = copy(dmu), dlogvarBefore = copy(dlogvar);
            k.reparameterizeBackward(dz, logvar, eps, dmu, dlogvar, B);
            for (int i = 0; i < n; i++) {
                expected[i] = dz.data[i];
                tolerance[i] = 0;
            }
            assertNear(what + " reparameterizeBackward dmu", expected, dmu.data, tolerance);
            for (int i = 0; i < n; i++) {
                expected[i] = (double) dz.data[i] * eps.data[i] * Math.exp(0.5 * logvar.data[i]) * 0.5;
                tolerance[i] = 4 * U * Math.abs(expected[i]);
            }
            assertNear(what + " reparameterizeBackward dlogvar", expected, dlogvar.data, tolerance);
            assertUnchanged(what + " reparameterizeBackward dmu", dmuBefore, dmu, n);
            assertUnchanged(what + " reparameterizeBackward dlogvar", dlogvarBefore, dlogvar, n);

            // klBackward adds to what is there
            HostTensor dmuStart = copy(dmu), dlogvarStart = copy(dlogvar);
            k.klBackward(mu, logvar, dmu, dlogvar, B);
            for (int i = 0; i < n; i++) {
                expected[i] = (double) dmuStart.data[i] + mu.data[i];
                tolerance[i] = 2 * U * (Math.abs(dmuStart.data[i]) + Math.abs(mu.data[i]));
            }
            assertNear(what + " klBackward dmu", expected, dmu.data, tolerance);
            for (int i = 0; i < n; i++) {
                double variance = Math.exp(logvar.data[i]);
                expected[i] = dlogvarStart.data[i] + 0.5 * (variance - 1);
                tolerance[i] = 4 * U * (Math.abs(dlogvarStart.data[i]) + variance + 1);
            }
            assertNear(what + " klBackward dlogvar", expected, dlogvar.data, tolerance);
            assertUnchanged(what + " klBackward dmu", dmuStart, dmu, n);
            assertUnchanged(what + " klBackward dlogvar", dlogvarStart, dlogvar, n);

            HostTensor kl = uniform(rows, 1, -1, 1, random), klBefore = copy(kl);
            k.klForward(mu, logvar, kl, B);
            double[] rowKl = new double[B], rowTolerance = new double[B];
            for (int r = 0; r < B; r++) {
                double sum = 0, magnitude = 0;
                for (int c = 0; c < Z; c++) {
                    double m = mu.data[r * Z + c], lv = logvar.data[r * Z + c];
                    sum += 1 + lv - m * m - Math.exp(lv);
                    magnitude += 1 + Math.abs(lv) + m * m + Math.exp(lv);
                }
                rowKl[r] = -0.5 * sum;
                rowTolerance[r] = 2 * (Z + 2) * U * 0.5 * magnitude;
            }
            assertNear(what + " klForward", rowKl, kl.data, rowTolerance);
            assertUnchanged(what + " klForward", klBefore, kl, B);
        }
    }

    private static HostTensor uniform(int rows, int cols, double lo, double hi, Random random) {
        HostTensor t = new HostTensor(rows, cols);
        for (int i = 0; i < t.data.length; i++) {
            t.data[i] = (float) (lo + (hi - lo) * random.nextDouble());
        }
        return t;
    }

    /** Fails at the first of expected's elements that actual is not within tolerance of. */
    private static void assertNear(String what, double[] expected, float[] actual, double[] tolerance) {
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(expected[i] - actual[i]) <= tolerance[i])) {
                fail(what + ": element " + i + " is " + actual[i] + ", expected " + expected[i] + " within " + tolerance[i]);
            }
        }
    }

    /** The elements from n on are as they were. */
    private static void assertUnchanged(String what, HostTensor before, HostTensor after, int n) {
        assertArrayEquals(java.util.Arrays.copyOfRange(before.data, n, before.data.length),
                java.util.Arrays.copyOfRange(after.data, n, after.data.length), what + ": rows past B changed");
    }
}
