package vae.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Weights kept in the panels of their forward product: the layout is packB's, upload and download
 * see the weight row-major, and every kernel that reads or writes one gives, bit for bit, what the
 * definition gives for the row-major weight, on any number of threads.
 */
class PanelTensorTest {
    /** (B, IN, OUT): the seed's two big layers, and sizes that leave edges (OUT past a panel, B past a strip). */
    private static final int[][] SHAPES = {{128, 784, 400}, {128, 400, 784}, {13, 33, 50}, {9, 100, 17}, {96, 17, 61}};

    private static float[] random(int n, Random random) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextFloat() * 2 - 1;
        }
        return x;
    }

    /** Zeros as blank pixels and a ReLU leave them: whole columns, a blank first image's worth, scattered. */
    private static float[] withZeros(float[] x, int rows, int cols, Random random) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                if (c % 3 == 0 || c < cols / 4 || random.nextInt(3) == 0) {
                    x[r * cols + c] = 0f;
                }
            }
        }
        return x;
    }

    private static HostTensor host(int rows, int cols, float[] values) {
        HostTensor t = new HostTensor(rows, cols);
        System.arraycopy(values, 0, t.data, 0, values.length);
        return t;
    }

    private static float[] download(Kernels k, Tensor t) {
        float[] out = new float[t.size()];
        k.download(t, out.length, out);
        return out;
    }

    @Test
    void aWeightInPanelsIsItsTransposePackedAndReadsBackRowMajor() {
        Random random = new Random(11);
        try (VectorKernels k = new VectorKernels(1)) {
            for (int[] shape : SHAPES) {
                int IN = shape[1], OUT = shape[2];
                float[] w = random(OUT * IN, random);
                Tensor weight = k.allocateWeight(OUT, IN);
                PanelTensor panels = assertInstanceOf(PanelTensor.class, weight);
                k.upload(w, w.length, weight);
                float[] packed = new float[MatMul.packedSize(IN, OUT)];
                MatMul.packB(w, 1, IN, IN, OUT, packed, 0, OUT, new MatMul.Scratch());   // wᵀ, as the forward product packs it
                assertArrayEquals(packed, panels.data, "the layout of " + OUT + "x" + IN);
                assertArrayEquals(w, download(k, weight), "row-major again, " + OUT + "x" + IN);
                assertInstanceOf(PanelTensor.class, k.allocateLike(weight));
            }
            int narrow = MatMul.NARROW;   // at every width
            assertInstanceOf(HostTensor.class, k.allocateWeight(narrow, 400), "a narrow weight stays row-major");
            assertInstanceOf(HostTensor.class, k.allocateWeight(400, narrow));
            assertInstanceOf(HostTensor.class, k.allocateWeight(10, 400), "the seed's 400x10 and 10x400 too");
            assertInstanceOf(PanelTensor.class, k.allocateWeight(narrow + 1, narrow + 1), "wider both ways: panels");
        }
    }

    @Test
    void productsWithAWeightInPanelsEqualTheDefinition() {
        Random random = new Random(12);
        for (int[] shape : SHAPES) {
            int B = shape[0], IN = shape[1], OUT = shape[2];
            String what = "B=" + B + " IN=" + IN + " OUT=" + OUT;
            float[] x = withZeros(random(B * IN, random), B, IN, random), dy = withZeros(random(B * OUT, random), B, OUT, random);
            float[] w = random(OUT * IN, random), b = random(OUT, random), dx0 = random(B * IN, random);
            float[] y = new float[B * OUT], dx = new float[B * IN], dxSum = new float[B * IN], dw = new float[OUT * IN];
            float[] db = new float[OUT];
            MatMul.multiplyNaive(x, IN, 1, w, 1, IN, y, OUT, b, 0, B, OUT, IN);                    // y = x·wᵀ + b
            MatMul.multiplyNaive(dy, OUT, 1, w, IN, 1, dx, IN, new float[IN], 0, B, IN, OUT);      // dx = dy·w
            MatMul.multiplyNaive(dy, OUT, 1, w, IN, 1, dxSum, IN, dx0, IN, B, IN, OUT);            // dx0 + dy·w
            MatMul.multiplyNaive(dy, 1, OUT, x, IN, 1, dw, IN, new float[IN], 0, OUT, IN, B);      // dw = dyᵀ·x
            for (int r = 0; r < B; r++) {
                for (int o = 0; o < OUT; o++) {
                    db[o] += dy[r * OUT + o];
                }
            }
            for (int threads : new int[]{1, 2, 3}) {
                try (VectorKernels k = new VectorKernels(threads)) {
                    Tensor weight = k.allocateWeight(OUT, IN), grad = k.allocateLike(weight);
                    assertInstanceOf(PanelTensor.class, weight);
                    k.upload(w, w.length, weight);
                    HostTensor yv = new HostTensor(B, OUT), dxv = new HostTensor(B, IN), sum = host(B, IN, dx0);
                    HostTensor dbv = new HostTensor(1, OUT);
                    k.linearForward(host(B, IN, x), weight, host(1, OUT, b), yv, B);
                    k.linearBackwardInput(host(B, OUT, dy), weight, dxv, B, false);
                    k.linearBackwardInput(host(B, OUT, dy), weight, sum, B, true);
                    k.linearBackwardParams(host(B, OUT, dy), host(B, IN, x), grad, dbv, B);
                    String on = what + ", " + threads + " threads";
                    assertArrayEquals(y, yv.data, "y = x·wᵀ + b, " + on);
                    assertArrayEquals(dx, dxv.data, "dx = dy·w, " + on);
                    assertArrayEquals(dxSum, sum.data, "dx += dy·w, " + on);
                    assertArrayEquals(dw, download(k, grad), "dw = dyᵀ·x, " + on);
                    assertArrayEquals(db, dbv.data, "db, " + on);
                }
            }
        }
    }

    @Test
    void anInfiniteGradientMeetingABlankPixelGivesNaNAsTheDefinitionDoes() {
        Random random = new Random(13);
        int B = 16, IN = 50, OUT = 40;
        float[] x = withZeros(random(B * IN, random), B, IN, random), dy = random(B * OUT, random);
        dy[6 * OUT + 3] = Float.POSITIVE_INFINITY;
        float[] dw = new float[OUT * IN];
        MatMul.multiplyNaive(dy, 1, OUT, x, IN, 1, dw, IN, new float[IN], 0, OUT, IN, B);
        assertTrue(Float.isNaN(dw[3 * IN]), "the definition: ∞ meets pixel 0, blank in every image");
        for (int threads : new int[]{1, 2}) {
            try (VectorKernels k = new VectorKernels(threads)) {
                Tensor grad = k.allocateWeight(OUT, IN);
                k.linearBackwardParams(host(B, OUT, dy), host(B, IN, x), grad, new HostTensor(1, OUT), B);
                assertArrayEquals(dw, download(k, grad), threads + " threads");
            }
        }
    }

    @Test
    void adamOnAWeightInPanelsIsAdamOnItRowMajor() {
        Random random = new Random(14);
        int OUT = 61, IN = 17;
        float[] p0 = random(OUT * IN, random), g0 = random(OUT * IN, random);
        try (VectorKernels k = new VectorKernels(2)) {
            Tensor p = k.allocateWeight(OUT, IN), g = k.allocateLike(p), m = k.allocateLike(p), v = k.allocateLike(p);
            HostTensor pr = host(OUT, IN, p0), gr = host(OUT, IN, g0), mr = new HostTensor(OUT, IN), vr = new HostTensor(OUT, IN);
            k.upload(p0, p0.length, p);
            k.upload(g0, g0.length, g);
            for (int t = 1; t <= 3; t++) {
                double stepSize = 1e-3 / (1 - Math.pow(0.9, t)), bc2 = Math.sqrt(1 - Math.pow(0.999, t));
                k.adamStep(p, g, m, v, 0.9, 0.999, 1e-8, stepSize, bc2);
                k.adamStep(pr, gr, mr, vr, 0.9, 0.999, 1e-8, stepSize, bc2);
            }
            assertArrayEquals(pr.data, download(k, p), "the weight");
            assertArrayEquals(mr.data, download(k, m), "its first moment");
            assertArrayEquals(vr.data, download(k, v), "its second moment");
            float[] padding = ((PanelTensor) p).data;
            for (int i = 0; i < MatMul.BASE; i++) {
                assertTrue(padding[i] == 0f, "the floats before the first panel stay zero");
            }
        }
    }
}
