package vae.nn;

/**
 * A small, seedable random number generator (SplitMix64, Steele, Lea and Flood 2014) whose whole
 * state is one {@code long}: the same seed gives the same numbers on every JVM, and a stream can
 * be named by (seed, purpose, epoch) so that training can resume without saving generator state.
 */
public final class Rng {
    private long state;

    public Rng(long seed) {
        this.state = seed;
    }

    //> rng stream
    /** An independent stream for one purpose in one epoch, e.g. {@code Rng.stream(42, SHUFFLE, 7)}. */
    public static Rng stream(long seed, long purpose, long epoch) {
        Rng mixer = new Rng(seed);
        long s = mixer.nextLong() ^ new Rng(purpose * 0x9E3779B97F4A7C15L + epoch).nextLong();
        return new Rng(s);
    }
    //< rng stream

    /** The stream of {@code purpose} with this index (an epoch, a pass, an image), {@link Purpose} naming it. */
    public static Rng stream(long seed, Purpose purpose, long index) {
        return stream(seed, purpose.id, index);
    }

    //> rng splitmix
    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1), 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Standard normal, by the Box-Muller transform (one of the pair; the other is dropped). */
    public double nextGaussian() {
        double u1 = 1.0 - nextDouble(); // in (0, 1]: log(u1) is finite
        double u2 = nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }
    //< rng splitmix

    /** The whole state: a new {@code Rng(state())} continues exactly where this one is. */
    public long state() {
        return state;
    }

    /** Uniform in [lo, hi). */
    public float uniform(double lo, double hi) {
        return (float) (lo + (hi - lo) * nextDouble());
    }

    /** Uniform integer in [0, bound), without modulo bias (as {@code java.util.Random.nextInt} does it). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        long u = nextLong() >>> 1; // 63 random bits
        long r = u % bound;
        while (u - r + (bound - 1) < 0) { // u fell in the last, incomplete block: draw again
            u = nextLong() >>> 1;
            r = u % bound;
        }
        return (int) r;
    }

    /** Fisher-Yates shuffle of a[0 .. n). */
    public void shuffle(int[] a, int n) {
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** Fills dst[0 .. n) with standard normal samples. */
    public void fillGaussian(float[] dst, int n) {
        for (int i = 0; i < n; i++) {
            dst[i] = (float) nextGaussian();
        }
    }
}
