package vae.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static vae.GradCheck.check;
import static vae.GradCheck.download;
import static vae.GradCheck.entries;
import static vae.GradCheck.tensor;
import static vae.GradCheck.toDouble;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import vae.nn.Parameter;
import vae.tensor.Kernels;
import vae.tensor.ScalarKernels;
import vae.tensor.Tensor;
import vae.fast.VectorKernels;

/**
 * {@link VaeGradientTest} at the size where the vector kernels' fast paths run: the seed's model
 * (784→400→10→2) with a batch big enough that the big products (B·784·400 multiply-adds each) are
 * over {@code Parallel.MIN_PARALLEL_WORK} and so are split between the two threads of
 * {@code new VectorKernels(2)}, through the panels of the weights kept in panels. The images look
 * like MNIST's (a blank border, mostly zeros, some ones), so that the products' skipping of zeros
 * is at work too.
 *
 * <p>Every bias entry and every entry of the small weights is checked, and a sample of the big
 * weights; the numeric side is the double-precision reference, evaluated incrementally
 * ({@link IncrementalReferenceVae}, itself checked here against {@link ReferenceVae}). A second test
 * compares every entry of every gradient with the scalar kernels'.
 */
class VaeGradientAtScaleTest {
    private static final VaeConfig C = VaeConfig.SEED;

    /**
     * The big weights' sample: every stride-th entry. The strides are prime, so the sample moves
     * across the columns (and across the panels and vectors) as it goes down the rows.
     */
    private static final Map<String, Integer> STRIDES = Map.of(
            "encoder.fc1.weight", 997,     // 315 of 313,600
            "encoder.fc2.weight", 23,      // 174 of 4,000
            "decoder.fc2.weight", 7,       // 572 of 4,000
            "decoder.fc3.weight", 101);    // 3,105 of 313,600

    /** (B, the model's largest batch): a multiple of the strips' 8 rows, and one with a part strip and rows unused. */
    static Stream<Arguments> batches() {
        return Stream.of(Arguments.of(32, 32), Arguments.of(37, 64));
    }

    /** Parallel.MIN_PARALLEL_WORK, package-private in vae.tensor: the work under which a product runs alone. */
    private static long minParallelWork() {
        try {
            java.lang.reflect.Field f = Class.forName("vae.fast.Parallel").getDeclaredField("MIN_PARALLEL_WORK");
            f.setAccessible(true);
            return f.getLong(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("vae.fast.Parallel.MIN_PARALLEL_WORK: " + e, e);
        }
    }

    private static int stride(Parameter p) {
        if (p.name.endsWith(".bias") || p.value.size() <= 100) {
            return 1;
        }
        Integer s = STRIDES.get(p.name);
        if (s == null) {
            throw new AssertionError("no stride for " + p.name);
        }
        return s;
    }

    /** Images like MNIST's: a blank border four pixels wide, and inside mostly 0, some 1, some grey. */
    static double[] mnistLike(Random r, int B, int side) {
        double[] x = new double[B * side * side];
        for (int row = 0; row < B; row++) {
            for (int i = 0; i < side; i++) {
                for (int j = 0; j < side; j++) {
                    boolean border = i < 4 || i >= side - 4 || j < 4 || j >= side - 4;
                    double u = r.nextDouble();
                    x[(row * side + i) * side + j] = border || u < 0.6 ? 0 : u < 0.8 ? 1 : (float) r.nextDouble();
                }
            }
        }
        return x;
    }

    static double[] gaussian(Random r, int n) {
        double[] eps = new double[n];
        for (int i = 0; i < eps.length; i++) {
            eps[i] = (float) r.nextGaussian();
        }
        return eps;
    }

    /** The model's gradients, at B rows of a model built for maxBatch, after one forward and backward pass. */
    private record Pass(List<Parameter> params, double[][] values, float[][] grads, double loss) {
    }

    private static Pass pass(Kernels k, int B, int maxBatch, double[] x, double[] eps) {
        Vae model = new Vae(k, C, maxBatch);
        model.initialize(7);
        // the batch's tensors have maxBatch rows, as the trainer's: the rows past B hold stale data, which nothing may read
        Tensor xt = tensor(k, maxBatch, C.input(), padded(x, maxBatch * C.input(), 0.5));
        Tensor et = tensor(k, maxBatch, C.latent(), padded(eps, maxBatch * C.latent(), 100));
        VaeLoss loss = new VaeLoss(k, C, maxBatch);
        loss.compute(model.forward(xt, et, B), xt, model.mu(), model.logvar(), B);
        model.backward(loss.dLogits(), B);
        List<Parameter> params = model.parameters();
        double[][] values = new double[params.size()][];
        float[][] grads = new float[params.size()][];
        for (int i = 0; i < params.size(); i++) {
            values[i] = toDouble(download(k, params.get(i).value));
            grads[i] = download(k, params.get(i).grad);
        }
        return new Pass(params, values, grads, loss.total());
    }

    // a followed by n - a.length copies of stale
    private static double[] padded(double[] a, int n, double stale) {
        double[] p = java.util.Arrays.copyOf(a, n);
        java.util.Arrays.fill(p, a.length, n, stale);
        return p;
    }

    @ParameterizedTest(name = "B={0} of {1}")
    @MethodSource("batches")
    void everyParameterTensorOnTwoThreads(int B, int maxBatch) {
        assertTrue((long) B * C.input() * C.hidden() >= minParallelWork(),
                "B·784·400 must reach Parallel.MIN_PARALLEL_WORK for the products to run on both threads");
        try (VectorKernels k = new VectorKernels(2)) {
            assertEquals(2, k.threads());
            everyParameterTensor(k, B, maxBatch);
        }
    }

    /** The check of every parameter tensor on kernels k, at B rows of a model built for maxBatch. */
    static void everyParameterTensor(Kernels k, int B, int maxBatch) {
        Random r = new Random(42);
        double[] x = mnistLike(r, B, 28);
        double[] eps = gaussian(r, B * C.latent());
        Pass pass = pass(k, B, maxBatch, x, eps);
        double[][] p = pass.values();
        IncrementalReferenceVae reference = new IncrementalReferenceVae(C, p, x, eps, B);
        assertEquals(ReferenceVae.loss(C, p, x, eps, B), reference.loss(), 1e-9 * Math.abs(reference.loss()),
                "the incremental reference's loss is the reference's");
        assertEquals(reference.loss(), pass.loss(), 1e-5 * Math.abs(reference.loss()), "forward loss");

        int checked = 0;
        for (int t = 0; t < p.length; t++) {
            Parameter param = pass.params().get(t);
            int s = stride(param), tensorIndex = t;
            int n = check(param.name + " (B=" + B + ")", pass.grads()[t], p[t], s,
                    e -> reference.lossWith(tensorIndex, e));
            assertEquals(entries(param.value.size(), s), n, param.name + ": entries checked");
            checked += n;
        }
        assertTrue(checked > 5000, "checked " + checked);
    }

    /**
     * The incremental reference against the plain one: the loss after one entry of each parameter
     * tensor has moved (enough to cross a ReLU's kink here and there) is the same function.
     */
    @Test
    void theIncrementalReferenceIsTheReference() {
        int B = 16;
        Random r = new Random(3);
        double[] x = mnistLike(r, B, 28), eps = gaussian(r, B * C.latent());
        Pass pass = pass(new ScalarKernels(), B, B, x, eps);
        double[][] p = pass.values();
        IncrementalReferenceVae reference = new IncrementalReferenceVae(C, p, x, eps, B);
        double base = ReferenceVae.loss(C, p, x, eps, B);
        assertEquals(base, reference.loss(), 1e-10 * Math.abs(base));
        for (int t = 0; t < p.length; t++) {
            for (int e : new int[]{0, p[t].length / 2, p[t].length - 1}) {
                double saved = p[t][e];
                for (double step : new double[]{1e-3, -0.3}) {
                    p[t][e] = saved + step;
                    double plain = ReferenceVae.loss(C, p, x, eps, B) - base;
                    double incremental = reference.lossWith(t, e) - reference.loss();
                    p[t][e] = saved;
                    if (!(Math.abs(plain - incremental) <= 1e-11 * Math.abs(base) + 1e-9 * Math.abs(plain))) {
                        fail(pass.params().get(t).name + "[" + e + "] + " + step + ": the loss moves by " + plain
                                + ", the incremental reference says " + incremental);
                    }
                }
            }
        }
    }

    /**
     * Every entry of every gradient, on two threads, against the scalar kernels': the numeric check
     * samples the big weights, this leaves out no panel, strip or vector. Both are float
     * computations of the same sums, in different orders and with fused multiply-adds, so they
     * differ by rounding: at most 1e-5 of the tensor's largest entry plus 1e-4 of the entry's own
     * size, about forty times what rounding gave when this was written (2.4% of the bound, at worst).
     */
    @ParameterizedTest(name = "B={0} of {1}")
    @MethodSource("batches")
    void everyGradientEntryMatchesTheScalarKernels(int B, int maxBatch) {
        try (VectorKernels k = new VectorKernels(2)) {
            everyGradientEntryMatchesTheScalarKernels(k, B, maxBatch);
        }
    }

    /** Every entry of every gradient on kernels k against the scalar kernels', at B rows of a model built for maxBatch. */
    static void everyGradientEntryMatchesTheScalarKernels(Kernels k, int B, int maxBatch) {
        Random r = new Random(42);
        double[] x = mnistLike(r, B, 28);
        double[] eps = gaussian(r, B * C.latent());
        Pass expected = pass(new ScalarKernels(), B, maxBatch, x, eps), actual = pass(k, B, maxBatch, x, eps);
        assertEquals(expected.loss(), actual.loss(), 1e-6 * Math.abs(expected.loss()), "forward loss");
        for (int t = 0; t < expected.grads().length; t++) {
            float[] e = expected.grads()[t], a = actual.grads()[t];
            String name = expected.params().get(t).name;
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected.values()[t], actual.values()[t], name + ": the same initial values");
            assertEquals(e.length, a.length, name);
            double largest = 0;
            for (float v : e) {
                largest = Math.max(largest, Math.abs(v));
            }
            assertTrue(largest > 0, name + ": a gradient of zeros");
            for (int i = 0; i < e.length; i++) {
                double diff = Math.abs((double) e[i] - a[i]);
                if (!(diff <= 1e-5 * largest + 1e-4 * Math.abs(e[i]))) {
                    fail(String.format("%s (B=%d): entry %d (row %d, column %d) is %.8g on two threads, %.8g in the scalar kernels",
                            name, B, i, i / expected.params().get(t).value.cols, i % expected.params().get(t).value.cols,
                            a[i], e[i]));
                }
            }
        }
    }
}
