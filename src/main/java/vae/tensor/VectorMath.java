package vae.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code exp} and {@code log1p} on whole vectors, written out with multiplies, adds and bit
 * tricks (the Cephes single-precision polynomials). The Vector API has {@code EXP} and
 * {@code LOG1P} too, but their results may change with the JIT's mood (an intrinsic once
 * compiled, per-lane {@code Math} calls before), and the loss must not depend on when it is
 * computed. These are within a few ulps of {@link Math#exp} and {@link Math#log1p}.
 */
final class VectorMath {
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;       // ln 2 = LN2_HI + LN2_LO, LN2_HI has few bits
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float ROUND = 12582912f;           // 1.5·2^23: adding it rounds to an integer
    private static final float EXP_MIN = -87.33654f;         // ln(2^-126): smallest normal result
    private static final float EXP_MAX = 88.3f;              // keeps 2^n within float's exponents

    private VectorMath() {
    }

    // a·b + c, rounded once: a step of Horner's rule
    private static FloatVector mulAdd(FloatVector a, FloatVector b, float c) {
        return a.fma(b, FloatVector.broadcast(SPECIES, c));
    }

    //> kernels-fast exp
    /**
     * {@code e^x} for {@code x ≤ 88.3}: write {@code x = n·ln2 + r} with {@code |r| ≤ ln2/2}, so
     * {@code e^x = 2^n · e^r}; a polynomial gives {@code e^r}, the exponent bits give {@code 2^n}.
     * Below {@code ln(2^-126)} the answer is 0 (the true one is too small for a normal float).
     */
    static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(EXP_MIN).min(EXP_MAX);
        FloatVector t = xc.fma(LOG2E, ROUND);                // n + 1.5·2^23, n = round(x / ln2)
        FloatVector n = t.sub(ROUND);
        FloatVector r = xc.sub(n.mul(LN2_HI)).sub(n.mul(LN2_LO));   // x - n·ln2: n·LN2_HI is exact
        FloatVector p = FloatVector.broadcast(SPECIES, 1.9875691500E-4f);
        p = mulAdd(p, r, 1.3981999507E-3f);
        p = mulAdd(p, r, 8.3334519073E-3f);
        p = mulAdd(p, r, 4.1665795894E-2f);
        p = mulAdd(p, r, 1.6666665459E-1f);
        p = mulAdd(p, r, 5.0000001201E-1f);
        FloatVector er = p.fma(r.mul(r), r).add(1f);        // e^r ≈ 1 + r + r²·p(r)
        IntVector bits = t.reinterpretAsInts().sub(Float.floatToRawIntBits(ROUND));   // n
        FloatVector twoN = bits.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return er.mul(twoN).blend(0f, x.compare(VectorOperators.LT, EXP_MIN));
    }
    //< kernels-fast exp

    //> kernels-fast log1p
    /**
     * {@code log(1 + u)} for {@code u > -1}. The sum {@code w = 1 + u} is rounded, but its error
     * {@code u - (w - 1)} is exact, and {@code log(1 + u) ≈ log(w) + (u - (w - 1)) / w}; so tiny
     * {@code u} keep all their digits instead of vanishing into {@code 1 + u = 1}.
     */
    static FloatVector log1p(FloatVector u) {
        FloatVector w = u.add(1f);
        FloatVector lost = u.sub(w.sub(1f));
        return log(w).add(lost.div(w));
    }

    /** {@code log(w)} for a normal, positive {@code w}: {@code w = 2^e · m} with {@code m} in [√½, √2). */
    static FloatVector log(FloatVector w) {
        IntVector ix = w.reinterpretAsInts().add(0x3f800000 - 0x3f3504f3);   // shifts the cut to √½
        IntVector e = ix.lanewise(VectorOperators.ASHR, 23).sub(127);
        FloatVector m = ix.and(0x007fffff).add(0x3f3504f3).reinterpretAsFloats();
        FloatVector f = m.sub(1f);                                             // exact: m is near 1
        FloatVector z = f.mul(f);
        FloatVector p = FloatVector.broadcast(SPECIES, 7.0376836292E-2f);
        p = mulAdd(p, f, -1.1514610310E-1f);
        p = mulAdd(p, f, 1.1676998740E-1f);
        p = mulAdd(p, f, -1.2420140846E-1f);
        p = mulAdd(p, f, 1.4249322787E-1f);
        p = mulAdd(p, f, -1.6668057665E-1f);
        p = mulAdd(p, f, 2.0000714765E-1f);
        p = mulAdd(p, f, -2.4999993993E-1f);
        p = mulAdd(p, f, 3.3333331174E-1f);
        FloatVector ef = (FloatVector) e.convert(VectorOperators.I2F, 0);
        FloatVector y = p.mul(f).mul(z).add(ef.mul(LN2_LO)).sub(z.mul(0.5f));  // log(1+f) - f, + e·LN2_LO
        return f.add(y).add(ef.mul(LN2_HI));
    }
    //< kernels-fast log1p
}
