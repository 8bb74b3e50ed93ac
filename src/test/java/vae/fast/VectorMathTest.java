package vae.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;
import vae.optim.Adam;

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
    void expIsClampedAboveAndKeepsNaN() {
        // above 88.3 the argument is clamped (the answer is e^88.3, not infinity); NaN stays NaN
        float[] xs = new float[L];
        java.util.Arrays.fill(xs, 1e4f);
        xs[0] = Float.NaN;
        xs[1] = Float.POSITIVE_INFINITY;
        float[] out = new float[L], top = new float[L];
        VectorMath.exp(FloatVector.fromArray(VectorMath.SPECIES, xs, 0)).intoArray(out, 0);
        VectorMath.exp(FloatVector.broadcast(VectorMath.SPECIES, 88.3f)).intoArray(top, 0);
        assertTrue(Float.isNaN(out[0]), "exp(NaN) is " + out[0]);
        for (int j = 1; j < L; j++) {
            assertEquals(Float.floatToRawIntBits(top[0]), Float.floatToRawIntBits(out[j]), "exp(" + xs[j] + ")");
        }
        assertTrue(Float.isFinite(top[0]) && top[0] > 1e38f, "e^88.3 is " + top[0]);
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

    /** Every float in [1, 2), then scaled by 2^shift: 2^23 significands. */
    private static float[] significands(int shift) {
        float[] xs = new float[1 << 23];
        float scale = (float) Math.scalb(1.0, shift);
        for (int i = 0; i < xs.length; i++) {
            xs[i] = Float.intBitsToFloat(0x3f80_0000 | i) * scale;
        }
        return xs;
    }

    /** How many lanes of VectorMath.divide(x, c, 1/c) differ, bit for bit, from x.div(c). */
    private static long divideMismatches(float[] xs, float c) {
        float r = 1f / c;
        long wrong = 0;
        for (int i = 0; i + L <= xs.length; i += L) {
            FloatVector x = FloatVector.fromArray(VectorMath.SPECIES, xs, i);
            wrong += VectorMath.divide(x, c, r).compare(jdk.incubator.vector.VectorOperators.NE, x.div(c)).trueCount();
        }
        return wrong;
    }

    @Test
    void divideByANumberGivesTheDivisionsFloatForEverySignificand() {
        float[] xs = significands(0);
        // Adam's sqrt(1 - β2^t) at its first steps, later ones and the last before it rounds to 1;
        // and numbers whose significand is all ones, or a power of two, or a third
        float[] cs = {(float) Adam.bias2Sqrt(1), (float) Adam.bias2Sqrt(2), (float) Adam.bias2Sqrt(1000),
                      (float) Adam.bias2Sqrt(16_627), Math.nextDown(1f), Math.nextDown(0.5f), 0.75f, 1f / 3, 0.1f, 3f};
        for (float c : cs) {
            assertEquals(0, divideMismatches(xs, c), "x / " + c);
        }
        float c = (float) Adam.bias2Sqrt(7);
        for (int shift : new int[] {-70, -20, 30, 62}) {                   // where sqrt(v) lies, v a float
            assertEquals(0, divideMismatches(significands(shift), c), "x·2^" + shift + " / " + c);
        }
    }

    @Test
    void divideKeepsZeroInfinityAndNaNButNotTheSignOfAZero() {
        float c = (float) Adam.bias2Sqrt(1);
        float[] xs = new float[(6 + L - 1) / L * L];      // six cases, a vector or more at every width
        xs[1] = Float.POSITIVE_INFINITY;
        xs[2] = Float.NaN;
        xs[3] = Float.NEGATIVE_INFINITY;
        xs[4] = -0f;
        xs[5] = Float.MAX_VALUE / 64;
        float[] out = new float[xs.length];
        for (int i = 0; i < xs.length; i += L) {
            VectorMath.divide(FloatVector.fromArray(VectorMath.SPECIES, xs, i), c, 1f / c).intoArray(out, i);
        }
        for (int j = 0; j < xs.length; j++) {
            if (j != 4) {
                assertEquals(Float.floatToIntBits(xs[j] / c), Float.floatToIntBits(out[j]), "lane " + j + ": " + xs[j]);
            }
        }
        assertEquals(Float.floatToIntBits(0f), Float.floatToIntBits(out[4]), "-0 / c comes out +0");
    }
}
