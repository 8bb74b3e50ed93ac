package vae.report;

/**
 * Sums of probabilities kept as logarithms. A log-likelihood of an MNIST image is around -100 to
 * -200, which {@code exp} already takes to 0 in float (below about -103), and a poor sample's is
 * far lower, out of reach even of double (below about -745): the sum is taken relative
 * to the largest term, {@code log Σ e^aᵢ = m + log Σ e^(aᵢ - m)} with {@code m = max aᵢ}, where
 * every exponent is at most 0 and the largest term is exactly 1.
 */
public final class LogMath {
    /** log √(2π), the constant of the standard normal's log-density. */
    public static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

    private LogMath() {
    }

    //> iwae log-sum-exp
    // a is (n): log Σ exp(a[i]), in double, without overflow or underflow
    public static double logSumExp(double[] a, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, a[i]);
        }
        if (Double.isInfinite(max)) { // all -∞ (a sum of zeros), or a +∞ term: nothing to shift by
            return max;
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.exp(a[i] - max);
        }
        return max + Math.log(sum);
    }

    // log of the mean of exp(a[i]): log (1/n) Σ exp(a[i])
    public static double logMeanExp(double[] a, int n) {
        return logSumExp(a, n) - Math.log(n);
    }
    //< iwae log-sum-exp
}
