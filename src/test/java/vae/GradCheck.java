package vae;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.DoubleSupplier;
import java.util.function.IntToDoubleFunction;
import java.util.stream.Stream;
import vae.tensor.Kernels;
import vae.tensor.ScalarKernels;
import vae.tensor.Tensor;
import vae.fast.VectorKernels;

/**
 * Numerical gradient checking, as Deeplearning4j's checker does it: central differences, one
 * entry at a time, restoring it afterwards; relative error {@code |a - n| / (|a| + |n|)}, failing
 * only where it is above the bound and the absolute difference is not negligible.
 *
 * <p>The numeric side is computed in double precision by a plain reference of the forward pass
 * (test code), so that the differences are precise; the analytic side is the real float kernels.
 */
public final class GradCheck {
    public static final double H = 1e-6;
    public static final double REL_TOL = 2e-3;
    public static final double ABS_TOL = 2e-4;

    private GradCheck() {
    }

    /** The kernels every gradient check runs on. */
    public static Stream<Kernels> kernels() {
        return Stream.of(new ScalarKernels(), new VectorKernels(2));
    }

    /** d f / d values[i] by central differences, restoring values[i]. */
    public static double numeric(double[] values, int i, DoubleSupplier f) {
        double saved = values[i];
        values[i] = saved + H;
        double plus = f.getAsDouble();
        values[i] = saved - H;
        double minus = f.getAsDouble();
        values[i] = saved;
        return (plus - minus) / (2 * H);
    }

    /** Relative error, zero when both are zero. */
    public static double relativeError(double analytic, double numeric) {
        double denom = Math.abs(analytic) + Math.abs(numeric);
        return denom == 0 ? 0 : Math.abs(analytic - numeric) / denom;
    }

    /**
     * Compares every entry (or every {@code stride}-th) of an analytic gradient with the numeric
     * one, and fails with the worst entry. Returns how many entries were checked: callers assert
     * it against {@link #entries}, so that a check that silently checks nothing fails.
     */
    public static int check(String what, float[] analytic, double[] values, int stride, DoubleSupplier f) {
        return check(what, analytic, values, stride, (IntToDoubleFunction) i -> f.getAsDouble());
    }

    /**
     * As {@link #check(String, float[], double[], int, DoubleSupplier)}, with a loss that is told
     * which entry of {@code values} is perturbed: {@code f.applyAsDouble(i)} is the loss at the
     * values as they are, only {@code values[i]} differing from where the analytic gradient was
     * taken (so that a reference can recompute only what that entry reaches).
     */
    public static int check(String what, float[] analytic, double[] values, int stride, IntToDoubleFunction f) {
        if (stride < 1) {
            throw new IllegalArgumentException(what + ": stride must be at least 1: " + stride);
        }
        if (analytic.length != values.length) {
            fail(String.format("%s: %d analytic entries but %d values", what, analytic.length, values.length));
        }
        double worst = 0;
        int worstAt = -1;
        int checked = 0;
        for (int i = 0; i < values.length; i += stride) {
            int at = i;
            double n = numeric(values, i, () -> f.applyAsDouble(at));
            double a = analytic[i];
            checked++;
            double rel = relativeError(a, n);
            if (!(rel <= REL_TOL || Math.abs(a - n) <= ABS_TOL) && !(rel <= worst)) {   // NaN fails too
                worst = rel;
                worstAt = i;
            }
        }
        if (worstAt >= 0) {
            int at = worstAt;
            double n = numeric(values, worstAt, () -> f.applyAsDouble(at));
            fail(String.format("%s: entry %d analytic %.8g numeric %.8g relative error %.3g (%d entries checked)",
                    what, worstAt, analytic[worstAt], n, worst, checked));
        }
        return checked;
    }

    /** How many entries {@link #check} looks at in a tensor of {@code size} floats, every {@code stride}-th. */
    public static int entries(int size, int stride) {
        return (size + stride - 1) / stride;
    }

    public static float[] download(Kernels k, Tensor t) {
        float[] out = new float[t.size()];
        k.download(t, t.size(), out);
        return out;
    }

    public static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    public static float[] toFloat(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }

    /** Uploads doubles (rounded to float) into a new tensor. */
    public static Tensor tensor(Kernels k, int rows, int cols, double[] values) {
        Tensor t = k.allocate(rows, cols);
        k.upload(toFloat(values), values.length, t);
        return t;
    }

    /** Uniform values in [lo, hi), reproducible. */
    public static double[] random(java.util.Random r, int n, double lo, double hi) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (lo + (hi - lo) * r.nextDouble()); // exactly representable as float
        }
        return a;
    }
}
