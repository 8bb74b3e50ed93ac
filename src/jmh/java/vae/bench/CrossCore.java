package vae.bench;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * What it costs to read data that another core has just written, the reason the kernels give each
 * thread the same share of every array, call after call ({@code Parallel}). One thread writes a
 * weight-sized array (784 × 400 floats, as Adam does); then either the same thread or another one
 * reads it once, a vector at a time, and a second time. Prints µs per read:
 * <pre>
 * mvn -q -Pbench -DskipTests package
 * java --add-modules jdk.incubator.vector -cp target/benchmarks.jar vae.bench.CrossCore
 * </pre>
 */
public final class CrossCore {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final float[] DATA = new float[784 * 400];
    private static volatile float sink;

    private static long write() {
        for (int i = 0; i < DATA.length; i++) {
            DATA[i] = DATA[i] * 0.5f + 1f;
        }
        return 0;
    }

    private static long read() {
        long t0 = System.nanoTime();
        FloatVector sum = FloatVector.zero(SPECIES);
        for (int i = 0; i < DATA.length; i += SPECIES.length()) {
            sum = sum.add(FloatVector.fromArray(SPECIES, DATA, i));
        }
        sink = sum.reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
        return System.nanoTime() - t0;
    }

    private static long run(ExecutorService on, boolean write) throws InterruptedException, ExecutionException {
        Future<Long> f = on.submit(write ? CrossCore::write : CrossCore::read);
        return f.get();
    }

    public static void main(String[] args) throws Exception {
        ExecutorService a = Executors.newSingleThreadExecutor(), b = Executors.newSingleThreadExecutor();
        try {
            for (int i = 0; i < 2000; i++) {                      // warm up both threads' code
                run(a, true);
                run(a, false);
                run(b, false);
            }
            int n = 1000;
            for (int round = 0; round < 3; round++) {
                long same = 0, other = 0, again = 0;
                for (int i = 0; i < n; i++) {
                    run(a, true);
                    same += run(a, false);
                    run(a, true);
                    other += run(b, false);
                    again += run(b, false);
                }
                System.out.printf("%.2f MB written by one thread, then read: by the same thread %.1f µs, by another %.1f µs, by that one again %.1f µs%n",
                        DATA.length * 4 / 1e6, same / 1e3 / n, other / 1e3 / n, again / 1e3 / n);
            }
        } finally {
            a.shutdown();
            b.shutdown();
        }
    }
}
