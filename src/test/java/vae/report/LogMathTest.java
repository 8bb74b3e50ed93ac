package vae.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LogMathTest {

    @Test
    void smallValuesAsTheNaiveFormula() {
        double[] a = {1, 2, 3};
        assertEquals(Math.log(Math.E + Math.exp(2) + Math.exp(3)), LogMath.logSumExp(a, 3), 1e-12);
        assertEquals(Math.log((Math.E + Math.exp(2) + Math.exp(3)) / 3), LogMath.logMeanExp(a, 3), 1e-12);
    }

    @Test
    void hugeNegativeValuesDoNotUnderflow() {
        // exp(-1000) is 0 in double: the naive formula gives log 0 = -∞
        double[] a = {-1000, -1001, -1002};
        assertEquals(Double.NEGATIVE_INFINITY, Math.log(Math.exp(-1000) + Math.exp(-1001) + Math.exp(-1002)));
        double expected = -1000 + Math.log(1 + Math.exp(-1) + Math.exp(-2));
        assertEquals(expected, LogMath.logSumExp(a, 3), 1e-12);
        assertEquals(-1e6, LogMath.logMeanExp(new double[] {-1e6, -1e6, -1e6, -1e6}, 4), 1e-9); // the mean of equal terms
    }

    @Test
    void hugePositiveValuesDoNotOverflow() {
        assertEquals(1000 + Math.log(2), LogMath.logSumExp(new double[] {1000, 1000}, 2), 1e-12);
    }

    @Test
    void termsFarBelowTheLargestVanishExactly() {
        assertEquals(-5.0, LogMath.logSumExp(new double[] {-5, -5000}, 2), 0);
    }

    @Test
    void onlyTheFirstNCount() {
        assertEquals(7.0, LogMath.logSumExp(new double[] {7, 1e9}, 1), 0);
    }

    @Test
    void infinitiesAndNaN() {
        double inf = Double.POSITIVE_INFINITY;
        assertEquals(-inf, LogMath.logSumExp(new double[] {-inf, -inf}, 2));
        assertEquals(3.0, LogMath.logSumExp(new double[] {-inf, 3}, 2), 0);
        assertEquals(inf, LogMath.logSumExp(new double[] {inf, 3}, 2));
        assertTrue(Double.isNaN(LogMath.logSumExp(new double[] {1, Double.NaN}, 2)));
    }
}
