package vae.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import vae.GradCheck;
import vae.nn.Parameter;
import vae.tensor.Kernels;

/** Adam against its update rule worked out by hand, step by step, in double precision. */
class AdamTest {

    static java.util.stream.Stream<Kernels> kernels() {
        return GradCheck.kernels();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void threeStepsMatchTheFormula(Kernels k) {
        float[] p0 = {1.0f, -2.0f, 0.5f, 0f, 3e-3f};
        float[][] grads = {{0.1f, -0.2f, 3f, 0f, 1e-6f}, {-0.1f, 0.05f, 2f, 0f, -1e-6f}, {0.3f, -0.2f, 1f, 1e-9f, 2e-6f}};
        Parameter p = new Parameter("w", k.allocate(1, 5), k.allocate(1, 5));
        k.upload(p0, 5, p.value);
        Adam adam = new Adam(k, List.of(p), 1e-3);

        double[] param = GradCheck.toDouble(p0), m = new double[5], v = new double[5];
        for (int t = 1; t <= grads.length; t++) {
            k.upload(grads[t - 1], 5, p.grad);
            adam.step();
            for (int i = 0; i < 5; i++) {
                double g = grads[t - 1][i];
                m[i] = 0.9 * m[i] + 0.1 * g;
                v[i] = 0.999 * v[i] + 0.001 * g * g;
                double mHat = m[i] / (1 - Math.pow(0.9, t));
                double vHat = v[i] / (1 - Math.pow(0.999, t));
                param[i] -= 1e-3 * mHat / (Math.sqrt(vHat) + 1e-8);
            }
            float[] got = GradCheck.download(k, p.value);
            for (int i = 0; i < 5; i++) {
                assertEquals(param[i], got[i], 1e-6 * Math.max(1, Math.abs(param[i])), "step " + t + " entry " + i);
            }
        }
        assertEquals(3, adam.steps());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void firstStepMovesEachWeightByTheLearningRate(Kernels k) {
        // after one step m̂ = g and v̂ = g², so the move is lr·g/(|g| + ε): lr in the gradient's direction
        float[] g = {5f, -0.01f, 1e-3f};
        Parameter p = new Parameter("w", k.allocate(1, 3), k.allocate(1, 3));
        k.upload(g, 3, p.grad);
        new Adam(k, List.of(p), 1e-3).step();
        float[] got = GradCheck.download(k, p.value);
        for (int i = 0; i < 3; i++) {
            double expected = -1e-3 * g[i] / (Math.abs(g[i]) + 1e-8);
            assertEquals(expected, got[i], 1e-10, "entry " + i);
            assertEquals(-1e-3 * Math.signum(g[i]), got[i], 1.1e-8, "about lr, against the gradient");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void subnormalMomentsBecomeZero(Kernels k) {
        // m = 0.9·m: from 1.2e-38 the next step is subnormal, and is flushed to 0; normal values are untouched
        float[] m0 = {Float.MIN_NORMAL, 2 * Float.MIN_NORMAL, 1e-20f, 0f};
        float[] v0 = {Float.MIN_NORMAL, 1e-30f, 1e-20f, 0f};
        Parameter p = new Parameter("w", k.allocate(1, 4), k.allocate(1, 4));
        Adam adam = new Adam(k, List.of(p), 1e-3);
        k.upload(m0, 4, adam.firstMoments().get(0));
        k.upload(v0, 4, adam.secondMoments().get(0));
        adam.step(); // zero gradient: only the decay
        float[] m = GradCheck.download(k, adam.firstMoments().get(0));
        float[] v = GradCheck.download(k, adam.secondMoments().get(0));
        assertEquals(0f, m[0], "0.9 × 2^-126 is subnormal: flushed");
        assertEquals(0.9f * 2 * Float.MIN_NORMAL, m[1], "still normal: kept");
        assertEquals(0.9f * 1e-20f, m[2]);
        assertEquals(0f, v[0], "0.999 × 2^-126 is subnormal: flushed");
        assertEquals(0.999f * 1e-30f, v[1]);
        for (float x : m) {
            assertEquals(true, x == 0 || Math.abs(x) >= Float.MIN_NORMAL, "no subnormal left: " + x);
        }
    }
}
