package vae.fast;

import static vae.fast.MatMul.SPECIES;
import static vae.fast.Workspace.SUMS;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/** The binary cross-entropy of a row of logits against its targets, and its gradient, a vector at a time. */
final class BceRows {
    private static final int L = SPECIES.length();

    private BceRows() {
    }

    //> kernels-fast bce
    // One row: da = σ(a) - t, and returns Σ max(a,0) - a·t + log(1 + e^-|a|); e^-|a| is in (0, 1],
    // so nothing overflows. The sum is kept in SUMS partial sums, element c in sum c mod SUMS, and
    // they are added in order at the end: the same grouping whatever a vector holds (16 floats, or
    // 8, 4, 2: then a block of SUMS takes several vectors), so the same float at every width. A
    // row's last, partial block goes through a block of padding whose elements add exactly 0.
    static float row(float[] A, float[] X, float[] DA, int off, int N, Workspace ws) {
        float[] sums = ws.sums;
        Arrays.fill(sums, 0f);
        int whole = N - N % SUMS;
        blocks(A, X, DA, off, whole, sums);
        if (whole < N) {
            Arrays.fill(ws.logits, PADDING);
            Arrays.fill(ws.targets, 0f);
            System.arraycopy(A, off + whole, ws.logits, 0, N - whole);
            System.arraycopy(X, off + whole, ws.targets, 0, N - whole);
            blocks(ws.logits, ws.targets, ws.gradient, 0, SUMS, sums);
            System.arraycopy(ws.gradient, 0, DA, off + whole, N - whole);
        }
        double total = 0;
        for (int j = 0; j < SUMS; j++) {
            total += sums[j];
        }
        return (float) total;
    }

    /** A logit whose loss against a target of 0 is exactly 0: max(a, 0) = 0, a·0 = 0, and e^a is 0 in VectorMath.exp. */
    private static final float PADDING = -100f;

    // elements [off, off + n) of a row, n a multiple of SUMS: da = σ(a) - t, and the loss added to sums
    private static void blocks(float[] A, float[] X, float[] DA, int off, int n, float[] sums) {
        for (int c = 0; c < n; c += SUMS) {
            for (int v = 0; v < SUMS; v += L) {
                int i = off + c + v;
                FloatVector a = FloatVector.fromArray(SPECIES, A, i), t = FloatVector.fromArray(SPECIES, X, i);
                FloatVector e = VectorMath.exp(a.abs().neg());
                FloatVector term = a.neg().fma(t, VectorMath.max(a, 0f));              // max(a,0) - a·t, rounded once
                FloatVector.fromArray(SPECIES, sums, v).add(term.add(VectorMath.log1p(e))).intoArray(sums, v);
                FloatVector sigmoid = e.blend(1f, a.compare(VectorOperators.GE, 0f)).div(e.add(1f));
                sigmoid.sub(t).intoArray(DA, i);
            }
        }
    }
    //< kernels-fast bce
}
