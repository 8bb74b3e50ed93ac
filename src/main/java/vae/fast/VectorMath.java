package vae.fast;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code exp} and {@code log1p} on whole vectors, written out with multiplies, adds and bit
 * tricks. The Vector API has {@code EXP} and {@code LOG1P} too, but their results may change with
 * the JIT's mood (an intrinsic once compiled, per-lane {@code Math} calls before), and the loss
 * must not depend on when it is computed. These are within 2 ulps of {@link Math#exp} and
 * {@link Math#log1p}.
 *
 * <p>A note on speed that shapes all the vector code here: the JIT always inlines the Vector
 * API's own methods, but stops inlining ours once a compiled method has grown past a budget of
 * nodes, and a vector handed to a method that is not inlined is boxed on the heap, ten times
 * slower. So these functions call no helpers of their own, and a hot loop calls few of them.
 */
final class VectorMath {
    static final VectorSpecies<Float> SPECIES = VectorWidth.SPECIES;

    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;       // ln 2 = LN2_HI + LN2_LO; LN2_HI has 9 bits,
    private static final float LN2_LO = -2.12194440e-4f;     // so n·LN2_HI is exact
    private static final float ROUND = 12582912f;           // 1.5·2^23: adding it rounds to an integer
    private static final float EXP_MIN = -87.33654f;         // ln(2^-126): smallest normal result
    private static final float EXP_MAX = 88.3f;              // keeps 2^n within float's exponents

    private VectorMath() {
    }

    //> kernels-fast exp
    /**
     * {@code e^x} for {@code x ≤ 88.3}: write {@code x = n·ln2 + r} with {@code |r| ≤ ln2/2}, so
     * {@code e^x = 2^n · e^r}; a polynomial (Cephes' {@code expf}) gives {@code e^r}, and
     * {@code 2^n} is {@code n + 127} put in a float's exponent bits. Below {@code ln(2^-126)} the
     * answer is 0: the true one is too small for a normal float.
     */
    static FloatVector exp(FloatVector x) {
        FloatVector xc = min(max(x, EXP_MIN), EXP_MAX);
        FloatVector t = xc.fma(LOG2E, ROUND);                       // ROUND + n, n = round(x / ln2)
        FloatVector n = t.sub(ROUND);
        FloatVector r = xc.sub(n.mul(LN2_HI)).sub(n.mul(LN2_LO));  // x - n·ln2, |r| ≤ 0.35
        FloatVector p = FloatVector.broadcast(SPECIES, 1.9875691500E-4f);
        p = p.fma(r, FloatVector.broadcast(SPECIES, 1.3981999507E-3f));
        p = p.fma(r, FloatVector.broadcast(SPECIES, 8.3334519073E-3f));
        p = p.fma(r, FloatVector.broadcast(SPECIES, 4.1665795894E-2f));
        p = p.fma(r, FloatVector.broadcast(SPECIES, 1.6666665459E-1f));
        p = p.fma(r, FloatVector.broadcast(SPECIES, 5.0000001201E-1f));
        FloatVector er = p.fma(r.mul(r), r).add(1f);               // e^r ≈ 1 + r + r²·p(r)
        IntVector bits = t.reinterpretAsInts().sub(Float.floatToRawIntBits(ROUND)).add(127);
        FloatVector twoN = bits.lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return er.mul(twoN).blend(0f, x.compare(VectorOperators.LT, EXP_MIN));
    }
    //< kernels-fast exp

    //> kernels-fast log1p
    /**
     * {@code log(1 + u)} for {@code u} in [0, 1], enough for {@code log(1 + e^-|a|)}:
     * {@code log(1 + u) = 2·atanh(s)} with {@code s = u / (2 + u)} in [0, ⅓], and
     * {@code 2·atanh(s) = 2s·(1 + s²/3 + s⁴/5 + … + s¹²/13)} to within float precision.
     * No {@code 1 + u} is ever formed, so tiny {@code u} keep all their digits.
     */
    static FloatVector log1p(FloatVector u) {
        FloatVector s = u.div(u.add(2f));
        FloatVector z = s.mul(s);
        FloatVector p = FloatVector.broadcast(SPECIES, 1f / 13);
        p = p.fma(z, FloatVector.broadcast(SPECIES, 1f / 11));
        p = p.fma(z, FloatVector.broadcast(SPECIES, 1f / 9));
        p = p.fma(z, FloatVector.broadcast(SPECIES, 1f / 7));
        p = p.fma(z, FloatVector.broadcast(SPECIES, 1f / 5));
        p = p.fma(z, FloatVector.broadcast(SPECIES, 1f / 3));
        FloatVector twoS = s.add(s);
        return twoS.mul(z).fma(p, twoS);                            // 2s + 2s·s²·p(s²)
    }
    //< kernels-fast log1p

    /**
     * {@code Math.max} of each lane and c, for any c but -0: a compare and a blend. The Vector API's
     * own {@code x.max(c)} gives the same floats, but must put -0 below +0 and pass a NaN on, which
     * x86's {@code vmaxps} does not do, so the JIT makes it several instructions a vector. Here
     * {@code x ≤ c} takes c: at x = -0 and c = +0 that is +0, as Math.max has it; a NaN fails the
     * compare and stays. (The loss was 15 to 21% faster for it on Zen 3: bench/NOTEBOOK.md.)
     */
    static FloatVector max(FloatVector x, float c) {
        return x.blend(c, x.compare(VectorOperators.LE, c));
    }

    /** {@code Math.min} of each lane and c, for any c but +0, as {@link #max} does it. */
    static FloatVector min(FloatVector x, float c) {
        return x.blend(c, x.compare(VectorOperators.GE, c));
    }

    //> kernels-fast divide
    /**
     * {@code x / c} for a vector x and a number c, given {@code r = 1f / c}: the same float as
     * {@code x.div(c)}, with a multiply and two fused multiply-adds instead of a division, one of
     * the slowest vector instructions. {@code q = x·r} is off by at most an ulp; the fused multiply-add
     * gives its error {@code x - q·c} exactly, and one more step with r puts q on the float
     * nearest {@code x / c} (Markstein's theorem: q within an ulp of x / c, r the float nearest
     * 1 / c). Needs x / c and its error far from overflow and from the subnormals, as they are
     * where Adam uses it. Where x is infinite or NaN so is q, and it is kept (the error is NaN).
     * One difference: -0 comes out +0 (Adam's x, the root of a sum of squares, is never -0).
     * {@code VectorMathTest} checks every significand of x against {@code x.div(c)} for some c;
     * {@code DivisionCheck} (with the benchmarks), for every c that Adam divides by.
     */
    static FloatVector divide(FloatVector x, float c, float r) {
        FloatVector q = x.mul(r);
        FloatVector error = q.neg().fma(FloatVector.broadcast(SPECIES, c), x);     // x - q·c, exact
        return error.fma(FloatVector.broadcast(SPECIES, r), q).blend(q, error.test(VectorOperators.IS_NAN));
    }
    //< kernels-fast divide
}
