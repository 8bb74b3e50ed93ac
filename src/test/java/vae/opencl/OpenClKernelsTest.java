package vae.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import vae.opencl.OpenClKernels.Products;
import vae.tensor.AdamStep;
import vae.tensor.HostTensor;
import vae.tensor.Kernels;
import vae.tensor.ScalarKernels;
import vae.tensor.Tensor;

/**
 * Every OpenCL kernel against its definition in {@link ScalarKernels}, on the same random inputs,
 * at awkward sizes. Every tensor has two rows more than the B in use, so a kernel that writes past
 * its batch is caught. The tolerance grows with the length of the longest sum.
 */
class OpenClKernelsTest extends OpenClPair {
    static final ScalarKernels SCALAR = new ScalarKernels();

    @BeforeAll
    static void sayWhichDevice() {
        if (tiled != null) {
            System.out.println("OpenCL device: " + tiled.device());
        }
    }

    static OpenClKernels kernels(Products p) {
        return p == Products.TILED ? tiled : naive;
    }

    // ---- the comparison -------------------------------------------------------------------------

    /**
     * |a - e| ≤ tolerance · (1 + |e|) for a result that sums {@code length} terms. With inputs in
     * [-2, 2) the partial sums grow like √length, and a float sum is off by up to a few of their last
     * places at each of its steps (where one side fuses a multiply-add and the other rounds twice).
     * The floor covers exp, which OpenCL computes within a few units in the last place.
     */
    static double tolerance(int length) {
        return 2e-6 + 5e-7 * length;
    }

    /**
     * Fills tensors of the given (rows, cols) with the same random values on both kernels, runs
     * {@code op} on each, and compares every tensor afterwards, inputs included.
     */
    static void compare(Kernels cl, String what, double tol, int[][] shapes, BiConsumer<Kernels, Tensor[]> op) {
        Random random = new Random(Arrays.deepHashCode(shapes) * 31L + what.hashCode());
        float[][] values = new float[shapes.length][];
        for (int i = 0; i < shapes.length; i++) {
            values[i] = new float[shapes[i][0] * shapes[i][1]];
            for (int j = 0; j < values[i].length; j++) {
                values[i][j] = 4 * random.nextFloat() - 2; // in [-2, 2)
            }
        }
        float[][] expected = run(SCALAR, shapes, values, op);
        float[][] actual = run(cl, shapes, values, op);
        for (int i = 0; i < shapes.length; i++) {
            assertClose(what + ", tensor " + i + " " + Arrays.toString(shapes[i]), expected[i], actual[i], tol);
        }
    }

    static float[][] run(Kernels k, int[][] shapes, float[][] values, BiConsumer<Kernels, Tensor[]> op) {
        Tensor[] t = new Tensor[shapes.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = k.allocate(shapes[i][0], shapes[i][1]);
            k.upload(values[i], values[i].length, t[i]);
        }
        op.accept(k, t);
        float[][] out = new float[t.length][];
        for (int i = 0; i < t.length; i++) {
            out[i] = new float[t[i].size()];
            k.download(t[i], out[i].length, out[i]);
        }
        return out;
    }

    /** Fails with the first few pairs outside the tolerance and the largest difference. */
    static void assertClose(String what, float[] expected, float[] actual, double tol) {
        double worst = 0;
        int bad = 0;
        StringBuilder first = new StringBuilder();
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(actual[i] - expected[i]) / (1 + Math.abs(expected[i]));
            worst = Math.max(worst, Double.isNaN(err) ? Double.POSITIVE_INFINITY : err);
            if (!(err <= tol) && bad++ < 5) {
                first.append(String.format("%n  [%d] expected %.8g, got %.8g", i, expected[i], actual[i]));
            }
        }
        if (bad > 0) {
            fail(String.format("%s: %d of %d values differ by more than %.2g; largest %.3g:%s",
                    what, bad, expected.length, tol, worst, first));
        }
    }

    // ---- the linear layer -----------------------------------------------------------------------

    /** (B, IN, OUT): ones, primes, one past a tile, the seed's layers; each with tiled and naive products. */
    static Stream<Arguments> linearSizes() {
        int[][] sizes = {{1, 1, 1}, {7, 13, 5}, {13, 7, 785}, {5, 785, 13}, {17, 2, 10}, {33, 10, 2},
            {16, 16, 16}, {128, 784, 400}, {96, 400, 784}, {3, 400, 10}};
        return Stream.of(Products.values()).flatMap(p -> Stream.of(sizes).map(s -> Arguments.of(p, s[0], s[1], s[2])));
    }

    @ParameterizedTest(name = "{0} B={1} IN={2} OUT={3}")
    @MethodSource("linearSizes")
    void linearForward(Products p, int B, int IN, int OUT) {
        compare(kernels(p), "linearForward", tolerance(IN), new int[][] {{B + 2, IN}, {OUT, IN}, {1, OUT}, {B + 2, OUT}},
                (k, t) -> k.linearForward(t[0], t[1], t[2], t[3], B));
    }

    @ParameterizedTest(name = "{0} B={1} IN={2} OUT={3}")
    @MethodSource("linearSizes")
    void linearBackwardInput(Products p, int B, int IN, int OUT) {
        for (boolean accumulate : new boolean[] {false, true}) {
            compare(kernels(p), "linearBackwardInput accumulate=" + accumulate, tolerance(OUT),
                    new int[][] {{B + 2, OUT}, {OUT, IN}, {B + 2, IN}},
                    (k, t) -> k.linearBackwardInput(t[0], t[1], t[2], B, accumulate));
        }
    }

    @ParameterizedTest(name = "{0} B={1} IN={2} OUT={3}")
    @MethodSource("linearSizes")
    void linearBackwardParams(Products p, int B, int IN, int OUT) {
        compare(kernels(p), "linearBackwardParams", tolerance(B),
                new int[][] {{B + 2, OUT}, {B + 2, IN}, {OUT, IN}, {1, OUT}},
                (k, t) -> k.linearBackwardParams(t[0], t[1], t[2], t[3], B));
    }

    // ---- element-wise kernels and row sums ------------------------------------------------------

    /** (B, N): ones, primes, an image and one pixel more, the latent width. */
    static Stream<Arguments> elementSizes() {
        return Stream.of(new int[][] {{1, 1}, {7, 13}, {13, 785}, {128, 784}, {3, 2}, {65, 10}})
                .map(s -> Arguments.of(s[0], s[1]));
    }

    @ParameterizedTest(name = "B={0} N={1}")
    @MethodSource("elementSizes")
    void relu(int B, int N) {
        compare(tiled, "reluForward", tolerance(1), new int[][] {{B + 2, N}}, (k, t) -> k.reluForward(t[0], B));
        compare(tiled, "reluBackward", tolerance(1), new int[][] {{B + 2, N}, {B + 2, N}},
                (k, t) -> k.reluBackward(t[0], t[1], B));
    }

    @ParameterizedTest(name = "B={0} N={1}")
    @MethodSource("elementSizes")
    void sigmoid(int B, int N) {
        compare(tiled, "sigmoidForward", tolerance(1), new int[][] {{B + 2, N}, {B + 2, N}},
                (k, t) -> k.sigmoidForward(t[0], t[1], B));
        compare(tiled, "sigmoidBackward", tolerance(1), new int[][] {{B + 2, N}, {B + 2, N}, {B + 2, N}},
                (k, t) -> k.sigmoidBackward(t[0], t[1], t[2], B));
    }

    @ParameterizedTest(name = "B={0} Z={1}")
    @MethodSource("elementSizes")
    void reparameterize(int B, int Z) {
        compare(tiled, "reparameterize", tolerance(1), new int[][] {{B + 2, Z}, {B + 2, Z}, {B + 2, Z}, {B + 2, Z}},
                (k, t) -> k.reparameterize(t[0], t[1], t[2], t[3], B));
        compare(tiled, "reparameterizeBackward", tolerance(1),
                new int[][] {{B + 2, Z}, {B + 2, Z}, {B + 2, Z}, {B + 2, Z}, {B + 2, Z}},
                (k, t) -> k.reparameterizeBackward(t[0], t[1], t[2], t[3], t[4], B));
    }

    @ParameterizedTest(name = "B={0} N={1}")
    @MethodSource("elementSizes")
    void bceWithLogits(int B, int N) {
        compare(tiled, "bceWithLogits", tolerance(N), new int[][] {{B + 2, N}, {B + 2, N}, {B + 2, N}, {B + 2, 1}},
                (k, t) -> k.bceWithLogits(t[0], t[1], t[2], t[3], B));
    }

    @ParameterizedTest(name = "B={0} Z={1}")
    @MethodSource("elementSizes")
    void kl(int B, int Z) {
        compare(tiled, "klForward", tolerance(Z), new int[][] {{B + 2, Z}, {B + 2, Z}, {B + 2, 1}},
                (k, t) -> k.klForward(t[0], t[1], t[2], B));
        compare(tiled, "klBackward", tolerance(1), new int[][] {{B + 2, Z}, {B + 2, Z}, {B + 2, Z}, {B + 2, Z}},
                (k, t) -> k.klBackward(t[0], t[1], t[2], t[3], B));
    }

    @ParameterizedTest(name = "{0}x{1}")
    @MethodSource("elementSizes")
    void adamFromZeroMoments(int rows, int cols) {
        compare(tiled, "adamStep", tolerance(1), new int[][] {{rows, cols}, {rows, cols}, {rows, cols}, {rows, cols}},
                (k, t) -> {
                    float[] zeros = new float[rows * cols];
                    k.upload(zeros, zeros.length, t[2]);
                    k.upload(zeros, zeros.length, t[3]);
                    for (int step = 1; step <= 3; step++) { // as vae.optim.Adam computes its scalars
                        double stepSize = 1e-3 / (1 - Math.pow(0.9, step));
                        k.adamStep(t[0], t[1], t[2], t[3], new AdamStep(0.9, 0.999, 1e-8, stepSize, Math.sqrt(1 - Math.pow(0.999, step))));
                    }
                });
    }

    // ---- memory, checks and determinism ---------------------------------------------------------

    @Test
    void uploadAndDownloadMoveOnlyTheFirstNFloats() {
        Tensor t = tiled.allocate(3, 4);
        tiled.upload(new float[] {1, 2, 3, 4, 5, 9, 9}, 5, t);
        float[] back = new float[12];
        Arrays.fill(back, -1);
        tiled.download(t, 12, back);
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 0, 0, 0, 0, 0, 0, 0}, back, "a new tensor is zero");
        float[] two = {7, 7, 7};
        tiled.download(t, 2, two);
        assertArrayEquals(new float[] {1, 2, 7}, two);
    }

    @Test
    void rowSumsGiveTheSameBitsEveryRun() {
        int B = 64, N = 785;
        float[] logits = new float[B * N], x = new float[B * N];
        Random random = new Random(5);
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) random.nextGaussian() * 4;
            x[i] = random.nextFloat();
        }
        float[] first = bceRows(logits, x, B, N), second = bceRows(logits, x, B, N);
        assertArrayEquals(first, second);
    }

    private static float[] bceRows(float[] logits, float[] x, int B, int N) {
        Tensor a = tiled.allocate(B, N), t = tiled.allocate(B, N), d = tiled.allocate(B, N), loss = tiled.allocate(B, 1);
        tiled.upload(logits, logits.length, a);
        tiled.upload(x, x.length, t);
        tiled.bceWithLogits(a, t, d, loss, B);
        float[] rows = new float[B];
        tiled.download(loss, B, rows);
        return rows;
    }

    @Test
    void batchesLargerThanTheTensorsAndForeignTensorsAreRefused() {
        Tensor x = tiled.allocate(4, 3), w = tiled.allocate(2, 3), b = tiled.allocate(1, 2), y = tiled.allocate(4, 2);
        assertThrows(IllegalArgumentException.class, () -> tiled.linearForward(x, w, b, y, 5));
        assertThrows(IllegalArgumentException.class, () -> tiled.linearForward(x, w, b, y, 0));
        assertThrows(IllegalArgumentException.class, () -> tiled.linearForward(y, w, b, y, 4), "x has OUT columns");
        assertThrows(IllegalArgumentException.class, () -> tiled.reluForward(new HostTensor(4, 3), 4));
        assertThrows(IllegalArgumentException.class, () -> tiled.reluForward(naive.allocate(4, 3), 4));
        assertThrows(IllegalArgumentException.class, () -> tiled.upload(new float[13], 13, x));
    }

    @Test
    void closeFreesEverythingAndRefusesLaterCalls() {
        OpenClKernels k = new OpenClKernels(Products.TILED);
        DeviceTensor t = (DeviceTensor) k.allocate(2, 2);
        k.reluForward(t, 2);
        k.close();
        assertEquals(true, t.released());
        assertThrows(IllegalStateException.class, () -> k.allocate(1, 1));
        assertThrows(IllegalStateException.class, () -> k.reluForward(t, 2));
        k.close(); // twice is harmless
    }
}
