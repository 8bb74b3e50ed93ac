package vae.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import vae.tensor.HostTensor;
import vae.tensor.Tensor;
import vae.fast.VectorKernels;

/**
 * The three products of a linear layer at the model's shapes, one call per operation:
 * {@code 2·B·IN·OUT} floating-point operations each. {@link Gflops} turns the times into GFLOP/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// long warm-up: before the JIT has compiled them, vector kernels run ~1000 times slower
@Warmup(iterations = 4, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx1g", "-XX:ObjectAlignmentInBytes=64"})
public class ProductBench {

    /** IN x OUT of the layer: the encoder's first, the decoder's last, and the small ones beside them. */
    @Param({"784x400", "400x784", "400x10", "10x400"})
    public String layer;

    @Param({"1", "2"})
    public int threads;

    @Param({"128"})
    public int batch;

    /**
     * Whether each call starts with the operands out of the caches, as in a training step, where
     * Adam and the other layers have passed over some 18 MB since a weight was last used: before
     * every call (outside the timing) 32 MB are read, more than the caches of both cores hold.
     */
    @Param({"false"})
    public boolean cold;

    private final float[] evictor = new float[8 << 20];
    private float evicted;

    private VectorKernels kernels;
    private HostTensor x, b, y, dy, dx, db;
    private Tensor w, dw;   // as training keeps them: the big weights in the panels of their forward product

    @Setup(Level.Trial)
    public void setUp() {
        String[] parts = layer.split("x");
        int in = Integer.parseInt(parts[0]), out = Integer.parseInt(parts[1]);
        Random random = new Random(1);
        x = random(batch, in, random);
        kernels = new VectorKernels(threads);
        HostTensor rowMajor = random(out, in, random);
        w = kernels.allocate(out, in);
        kernels.upload(rowMajor.data, rowMajor.data.length, w);
        b = random(1, out, random);
        y = new HostTensor(batch, out);
        dy = random(batch, out, random);
        dx = new HostTensor(batch, in);
        dw = kernels.allocate(out, in);
        db = new HostTensor(1, out);
    }

    @Setup(Level.Invocation)
    public void evict() {
        if (cold) {
            float sum = 0;
            for (int i = 0; i < evictor.length; i += 16) {   // one float per 64-byte cache line
                sum += evictor[i];
            }
            evicted += sum;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        kernels.close();
    }

    private static HostTensor random(int rows, int cols, Random random) {
        HostTensor t = new HostTensor(rows, cols);
        for (int i = 0; i < t.data.length; i++) {
            t.data[i] = random.nextFloat() - 0.5f;
        }
        return t;
    }

    /** y = x·wᵀ + b: wᵀ read from its panels (packed first for the small weights). */
    @Benchmark
    public float[] linearForward() {
        kernels.linearForward(x, w, b, y, batch);
        return y.data;
    }

    /** dx = dy·w, w packed first (gathered from its panels for the big weights). */
    @Benchmark
    public float[] linearBackwardInput() {
        kernels.linearBackwardInput(dy, w, dx, batch, false);
        return dx.data;
    }

    /** dw = dyᵀ·x (for the big weights dwᵀ = xᵀ·dy, into their panels), and db = Σ dy. */
    @Benchmark
    public float[] linearBackwardParams() {
        kernels.linearBackwardParams(dy, x, dw, db, batch);
        return db.data;
    }
}
