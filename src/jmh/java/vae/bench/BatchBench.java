package vae.bench;

import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.annotations.TearDown;
import vae.data.Mnist;
import vae.fast.VectorKernels;
import vae.tensor.Tensor;

/**
 * Turning the batches of one epoch into floats: 468 batches of 128 training images in a shuffled
 * order, three ways: {@link Mnist#copyImages}, the reference (a float division per pixel, what
 * {@code ScalarKernels.uploadImages} does too); a pixel at a time through a table of the 256
 * quotients; and {@link VectorKernels#uploadImages} on one thread, what the trainer uses (a vector
 * of pixels at a time, into the batch's tensor). Run from the project's root, where
 * {@code data/mnist} is:
 * <pre>
 * java --add-modules jdk.incubator.vector -jar target/benchmarks.jar BatchBench
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx1g"})
public class BatchBench {
    private static final int B = 128;

    private Mnist train;
    private int[] order;
    private final float[] batch = new float[B * 784];
    private final float[] table = new float[256];
    private final VectorKernels kernels = new VectorKernels(1);
    private final Tensor x = kernels.allocate(B, 784);

    @Setup
    public void setUp() {
        train = Mnist.load(Path.of("data", "mnist"), true);
        order = new int[train.count()];
        Random random = new Random(42);
        for (int i = 0; i < order.length; i++) {
            int j = random.nextInt(i + 1);
            order[i] = order[j];
            order[j] = i;
        }
        for (int b = 0; b < 256; b++) {
            table[b] = b / 255f;
        }
    }

    @TearDown
    public void tearDown() {
        kernels.close();
    }

    @Benchmark
    public float[] copyImages() {
        for (int from = 0; from + B <= order.length; from += B) {
            train.copyImages(order, from, B, batch);
        }
        return batch;
    }

    @Benchmark
    public Tensor vectorKernels() {
        for (int from = 0; from + B <= order.length; from += B) {
            kernels.uploadImages(train.imageBytes(), 784, order, from, B, x);
        }
        return x;
    }

    /** One table lookup per pixel. */
    @Benchmark
    public float[] perPixel() {
        for (int from = 0; from + B <= order.length; from += B) {
            for (int k = 0; k < B; k++) {
                int image = order[from + k];
                for (int p = 0; p < 784; p++) {
                    batch[k * 784 + p] = table[train.pixelByte(image, p)];
                }
            }
        }
        return batch;
    }
}
