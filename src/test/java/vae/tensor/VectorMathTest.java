package vae.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

class VectorMathTest {
    private static final int L = VectorMath.SPECIES.length();

    /** The largest error of f over xs, in units in the last place of the float nearest the true value. */
    private static double maxUlps(UnaryOperator<FloatVector> f, DoubleUnaryOperator exact, float[] xs) {
        double worst = 0;
        float[] out = new float[L];
        for (int i = 0; i + L <= xs.length; i += L) {
            f.apply(FloatVector.fromArray(VectorMath.SPECIES, xs, i)).intoArray(out, 0);
            for (int j = 0; j < L; j++) {
                double want = exact.applyAsDouble(xs[i + j]);
                double ulps = Math.abs(out[j] - want) / Math.ulp((float) want);
                worst = Math.max(worst, ulps);
            }
        }
        return worst;
    }

    private static float[] grid(float from, float to, int n) {
        float[] xs = new float[n];
        for (int i = 0; i < n; i++) {
            xs[i] = from + (to - from) * i / (n - 1);
        }
        return xs;
    }

    @Test
    void expIsWithinTwoUlps() {
        assertTrue(maxUlps(VectorMath::exp, Math::exp, grid(-87f, 88f, 160_000)) <= 2);
        assertTrue(maxUlps(VectorMath::exp, Math::exp, grid(-1e-3f, 1e-3f, 16_000)) <= 2);
    }

    @Test
    void expUnderflowsToZero() {
        float[] xs = new float[L];
        java.util.Arrays.fill(xs, -1e4f);
        xs[0] = -88f;
        xs[1] = Float.NEGATIVE_INFINITY;
        float[] out = new float[L];
        VectorMath.exp(FloatVector.fromArray(VectorMath.SPECIES, xs, 0)).intoArray(out, 0);
        for (float y : out) {
            assertEquals(0f, y);
        }
    }

    @Test
    void log1pIsWithinTwoUlpsOnZeroToOneEvenForTinyArguments() {
        assertTrue(maxUlps(VectorMath::log1p, Math::log1p, grid(0f, 1f, 160_000)) <= 2);
        float[] tiny = new float[16 * L];
        for (int i = 0; i < tiny.length; i++) {
            tiny[i] = (float) Math.pow(10, -30 + 29.0 * i / tiny.length);    // 1e-30 … 1e-1
        }
        assertTrue(maxUlps(VectorMath::log1p, Math::log1p, tiny) <= 2);
    }
}
