package vae.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one core can do at best: 12 independent chains of vector fused multiply-adds, enough to
 * hide the latency of each, with nothing read from memory. {@code 2 · 12 · L · STEPS} floating-point
 * operations a call ({@code L} lanes). Run on two threads it measures both cores together.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class FmaPeakBench {
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static final int CHAINS = 12;
    static final int STEPS = 10_000;

    public float a = 0.999f, b = 1e-4f;

    /** Floating-point operations in one call. */
    static double flops() {
        return 2.0 * CHAINS * SPECIES.length() * STEPS;
    }

    //> bench fma-peak
    @Benchmark
    public float fma() {
        FloatVector va = FloatVector.broadcast(SPECIES, a), vb = FloatVector.broadcast(SPECIES, b);
        FloatVector s0 = vb, s1 = vb, s2 = vb, s3 = vb, s4 = vb, s5 = vb;
        FloatVector s6 = vb, s7 = vb, s8 = vb, s9 = vb, s10 = vb, s11 = vb;
        for (int i = 0; i < STEPS; i++) {
            s0 = s0.fma(va, vb); s1 = s1.fma(va, vb); s2 = s2.fma(va, vb); s3 = s3.fma(va, vb);
            s4 = s4.fma(va, vb); s5 = s5.fma(va, vb); s6 = s6.fma(va, vb); s7 = s7.fma(va, vb);
            s8 = s8.fma(va, vb); s9 = s9.fma(va, vb); s10 = s10.fma(va, vb); s11 = s11.fma(va, vb);
        }
        return s0.add(s1).add(s2).add(s3).add(s4).add(s5).add(s6).add(s7).add(s8).add(s9).add(s10).add(s11)
                .lane(0);
    }
    //< bench fma-peak
}
