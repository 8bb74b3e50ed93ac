package vae.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import vae.tensor.AdamStep;
import vae.tensor.HostTensor;
import vae.tensor.Tensor;
import vae.tensor.Kernels;

/**
 * Weights kept in the panels of their forward product: a weight moves into them, its values kept,
 * the first time it is multiplied; the layout is packB's, upload and download see the weight row-major, and every kernel that reads or writes one gives, bit for bit, what the
 * definition gives for the row-major weight, on any number of threads.
 */
class FastTensorTest {
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
                Tensor weight = k.allocate(OUT, IN);
                k.upload(w, w.length, weight);                         // row-major still
                assertArrayEquals(w, download(k, weight), "row-major, " + OUT + "x" + IN);
                k.linearForward(new HostTensor(1, IN), weight, new HostTensor(1, OUT), new HostTensor(1, OUT), 1);
                FastTensor panels = assertInstanceOf(FastTensor.class, weight);
                assertTrue(panels.inPanels(), "multiplied, a weight wider than NARROW both ways moves into panels");
                float[] packed = new float[Packing.packedSize(IN, OUT)];
                Packing.packB(new Matrix(w, 1, IN), IN, OUT, packed, 0, OUT, new Scratch());   // wᵀ, as the forward product packs it
                assertArrayEquals(packed, panels.data(), "the layout of " + OUT + "x" + IN);
                assertArrayEquals(w, download(k, weight), "row-major again, " + OUT + "x" + IN);
            }
            int narrow = MatMul.NARROW;   // at every width
            assertNull(FastTensor.panels(k.allocate(narrow, 400)), "a narrow weight stays row-major");
            assertNull(FastTensor.panels(k.allocate(400, narrow)));
            assertNull(FastTensor.panels(k.allocate(10, 400)), "the seed's 400x10 and 10x400 too");
            assertNotNull(FastTensor.panels(k.allocate(narrow + 1, narrow + 1)), "wider both ways: panels");
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
            MatMul.multiplyNaive(new Matrix(x, IN, 1), new Matrix(w, 1, IN), new Matrix(y, OUT, 1), new Matrix(b, 0, 1), B, OUT, IN);                    // y = x·wᵀ + b
            MatMul.multiplyNaive(new Matrix(dy, OUT, 1), new Matrix(w, IN, 1), new Matrix(dx, IN, 1), new Matrix(new float[IN], 0, 1), B, IN, OUT);      // dx = dy·w
            MatMul.multiplyNaive(new Matrix(dy, OUT, 1), new Matrix(w, IN, 1), new Matrix(dxSum, IN, 1), new Matrix(dx0, IN, 1), B, IN, OUT);            // dx0 + dy·w
            MatMul.multiplyNaive(new Matrix(dy, 1, OUT), new Matrix(x, IN, 1), new Matrix(dw, IN, 1), new Matrix(new float[IN], 0, 1), OUT, IN, B);      // dw = dyᵀ·x
            for (int r = 0; r < B; r++) {
                for (int o = 0; o < OUT; o++) {
                    db[o] += dy[r * OUT + o];
                }
            }
            for (int threads : new int[]{1, 2, 3}) {
                try (VectorKernels k = new VectorKernels(threads)) {
                    Tensor weight = k.allocate(OUT, IN), grad = k.allocate(OUT, IN);
                    k.upload(w, w.length, weight);
                    HostTensor yv = new HostTensor(B, OUT), dxv = new HostTensor(B, IN), sum = host(B, IN, dx0);
                    HostTensor dbv = new HostTensor(1, OUT);
                    k.linearForward(host(B, IN, x), weight, host(1, OUT, b), yv, B);
                    k.linearBackwardInput(host(B, OUT, dy), weight, dxv, B, false);
                    k.linearBackwardInput(host(B, OUT, dy), weight, sum, B, true);
                    k.linearBackwardParams(host(B, OUT, dy), host(B, IN, x), grad, dbv, B);
                    String on = what + ", " + threads + " threads";
                    assertTrue(((FastTensor) weight).inPanels() && ((FastTensor) grad).inPanels(), "in panels, " + on);
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
        MatMul.multiplyNaive(new Matrix(dy, 1, OUT), new Matrix(x, IN, 1), new Matrix(dw, IN, 1), new Matrix(new float[IN], 0, 1), OUT, IN, B);
        assertTrue(Float.isNaN(dw[3 * IN]), "the definition: ∞ meets pixel 0, blank in every image");
        for (int threads : new int[]{1, 2}) {
            try (VectorKernels k = new VectorKernels(threads)) {
                Tensor grad = k.allocate(OUT, IN);
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
            Tensor p = k.allocate(OUT, IN), g = k.allocate(OUT, IN), m = k.allocate(OUT, IN), v = k.allocate(OUT, IN);
            assertNotNull(FastTensor.panels(p));             // as a forward product would leave it
            HostTensor pr = host(OUT, IN, p0), gr = host(OUT, IN, g0), mr = new HostTensor(OUT, IN), vr = new HostTensor(OUT, IN);
            k.upload(p0, p0.length, p);
            k.upload(g0, g0.length, g);
            for (int t = 1; t <= 3; t++) {
                double stepSize = 1e-3 / (1 - Math.pow(0.9, t)), bc2 = Math.sqrt(1 - Math.pow(0.999, t));
                k.adamStep(p, g, m, v, new AdamStep(0.9, 0.999, 1e-8, stepSize, bc2));
                k.adamStep(pr, gr, mr, vr, new AdamStep(0.9, 0.999, 1e-8, stepSize, bc2));
            }
            assertArrayEquals(pr.data, download(k, p), "the weight");
            assertArrayEquals(mr.data, download(k, m), "its first moment");
            assertArrayEquals(vr.data, download(k, v), "its second moment");
            assertTrue(((FastTensor) m).inPanels() && ((FastTensor) v).inPanels(), "Adam lays the moments out as the weight");
            float[] padding = ((FastTensor) p).data();
            for (int i = 0; i < Packing.PANELS_START; i++) {
                assertTrue(padding[i] == 0f, "the floats before the first panel stay zero");
            }
        }
    }
}
