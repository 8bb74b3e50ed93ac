package vae.fast;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import vae.optim.Adam;

/**
 * Checks {@link VectorMath#divide} against the division itself for every number Adam divides
 * by: {@code c = sqrt(1 - β2^t)} in float at every step t until c rounds to 1 (step 16,628 with
 * β2 = 0.999), each against all 2^23 significands of x. Dividing by c only shifts the exponent
 * of x and of the quotient, which stay far from overflow and the subnormals, so this covers
 * every x. (In this package to reach the package-private method; built with the benchmarks.)
 *
 * <pre>java --add-modules jdk.incubator.vector -cp target/benchmarks.jar:... vae.tensor.DivisionCheck [threads]</pre>
 */
public final class DivisionCheck {
    public static void main(String[] args) throws InterruptedException {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
        float[] xs = new float[1 << 23];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = Float.intBitsToFloat(0x3f80_0000 | i);                 // [1, 2)
        }
        int last = 0;
        while ((float) Adam.bias2Sqrt(last + 1) != 1f) {
            last++;
        }
        final int steps = last;
        AtomicInteger next = new AtomicInteger(1);
        AtomicLong wrong = new AtomicLong();
        long start = System.nanoTime();
        Thread[] pool = new Thread[threads];
        for (int w = 0; w < threads; w++) {
            pool[w] = new Thread(() -> {
                int L = VectorMath.SPECIES.length();
                for (int t = next.getAndIncrement(); t <= steps; t = next.getAndIncrement()) {
                    float c = (float) Adam.bias2Sqrt(t), r = 1f / c;      // as Adam.step hands it to the kernel
                    long bad = 0;
                    for (int i = 0; i < xs.length; i += L) {
                        FloatVector x = FloatVector.fromArray(VectorMath.SPECIES, xs, i);
                        bad += VectorMath.divide(x, c, r).compare(VectorOperators.NE, x.div(c)).trueCount();
                    }
                    if (bad > 0) {
                        System.out.printf("step %d: c = %s, %d significands differ%n", t, c, bad);
                        wrong.addAndGet(bad);
                    }
                }
            });
            pool[w].start();
        }
        for (Thread t : pool) {
            t.join();
        }
        System.out.printf("VectorMath.divide against x / c: steps 1 to %,d, 2^23 significands each: %,d differ (%.1f s)%n",
                steps, wrong.get(), (System.nanoTime() - start) / 1e9);
        if (wrong.get() > 0) {
            System.exit(1);
        }
    }
}
