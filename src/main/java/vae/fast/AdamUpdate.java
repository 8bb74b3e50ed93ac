package vae.fast;

import static vae.fast.MatMul.SPECIES;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import vae.tensor.AdamStep;
import vae.tensor.ScalarKernels;

/**
 * One Adam update, as {@link ScalarKernels#adamStep} defines it, a vector at a time: the same
 * operations in the same order, subnormal moments flushed to 0 as there, so the same floats.
 * The float settings are computed once for every piece of the update.
 */
record AdamUpdate(float b1, float b2, float oneMinusB1, float oneMinusB2, float e, float step, float bc2, float bc2Reciprocal) {
    private static final int L = SPECIES.length();

    static AdamUpdate of(AdamStep adam) {
        float bc2 = (float) adam.bc2Sqrt();
        return new AdamUpdate((float) adam.beta1(), (float) adam.beta2(), (float) (1 - adam.beta1()), (float) (1 - adam.beta2()),
                (float) adam.eps(), (float) adam.stepSize(), bc2, 1f / bc2);
    }

    //> kernels-fast adam
    // elements [i0, i1) of the parameter P, its gradient G and its moments M, V
    void apply(float[] P, float[] G, float[] M, float[] V, int i0, int i1) {
        // Of the three slow instructions a parameter, the division by sqrt(1 - β2^t) becomes a
        // multiply and two multiply-adds (the same floats, VectorMath.divide); from step 16,628 on
        // that number rounds to 1 in float, and x / 1 is x exactly: nothing is done
        boolean divide = bc2 != 1f;
        int i = i0;
        for (; i < i0 + SPECIES.loopBound(i1 - i0); i += L) {
            FloatVector gv = FloatVector.fromArray(SPECIES, G, i);
            FloatVector mv = FloatVector.fromArray(SPECIES, M, i).mul(b1).add(gv.mul(oneMinusB1));
            FloatVector vv = FloatVector.fromArray(SPECIES, V, i).mul(b2).add(gv.mul(oneMinusB2).mul(gv));
            mv = mv.blend(0f, mv.abs().compare(VectorOperators.LT, Float.MIN_NORMAL)); // flushSubnormal
            vv = vv.blend(0f, vv.abs().compare(VectorOperators.LT, Float.MIN_NORMAL));
            FloatVector root = vv.sqrt();
            FloatVector denom = (divide ? VectorMath.divide(root, bc2, bc2Reciprocal) : root).add(e);
            FloatVector.fromArray(SPECIES, P, i).sub(mv.div(denom).mul(step)).intoArray(P, i);
            mv.intoArray(M, i);
            vv.intoArray(V, i);
        }
        for (; i < i1; i++) {
            M[i] = ScalarKernels.flushSubnormal(b1 * M[i] + oneMinusB1 * G[i]);
            V[i] = ScalarKernels.flushSubnormal(b2 * V[i] + oneMinusB2 * G[i] * G[i]);
            float denom = (float) Math.sqrt(V[i]) / bc2 + e;
            P[i] -= step * (M[i] / denom);
        }
    }
    //< kernels-fast adam
}
