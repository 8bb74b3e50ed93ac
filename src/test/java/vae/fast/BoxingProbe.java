package vae.fast;

import java.lang.management.ManagementFactory;
import java.util.Random;
import vae.tensor.AdamStep;
import vae.tensor.Kernels;
import vae.tensor.Tensor;

/**
 * Run in a JVM of its own by {@link VectorsInRegistersTest}: a training step's heaviest kernels at
 * the seed's sizes (the products of a 784 × 400 layer forward and backward on a batch of 128 with
 * MNIST-like zeros, its Adam step, the loss), on one thread, in rounds of a few steps; prints the
 * fewest bytes of heap a step allocated in a round (the JIT compiles the kernels in the background,
 * so the first rounds run them uncompiled). A vector the JIT keeps in registers allocates nothing;
 * one it cannot is boxed: 64 bytes and more each time, millions a step.
 *
 * <pre>
 *   ROUNDS STEPS
 * </pre>
 */
public final class BoxingProbe {
    static final int B = 128, IN = 784, OUT = 400;

    public static void main(String[] args) {
        int rounds = Integer.parseInt(args[0]), steps = Integer.parseInt(args[1]);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (VectorKernels k = new VectorKernels(1)) {
            Random random = new Random(42);
            Tensor x = upload(k, B, IN, random, true), w = upload(k, OUT, IN, random, false), b = upload(k, 1, OUT, random, false);
            Tensor y = k.allocate(B, OUT), dy = upload(k, B, OUT, random, true), dx = k.allocate(B, IN);
            Tensor dw = k.allocate(OUT, IN), db = k.allocate(1, OUT), m = k.allocate(OUT, IN), v = k.allocate(OUT, IN);
            Tensor target = upload(k, B, IN, random, true), dLogits = k.allocate(B, IN), rowLoss = k.allocate(B, 1);
            AdamStep adam = new AdamStep(0.9, 0.999, 1e-8, 1e-3, Math.sqrt(1 - 0.999));
            Runnable step = () -> {
                k.linearForward(x, w, b, y, B);
                k.linearBackwardInput(dy, w, dx, B, false);
                k.linearBackwardParams(dy, x, dw, db, B);
                k.adamStep(w, dw, m, v, adam);
                k.bceWithLogits(dx, target, dLogits, rowLoss, B);
            };
            long least = Long.MAX_VALUE;       // the JIT compiles in the background: the best round counts
            for (int round = 0; round < rounds; round++) {
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < steps; i++) {
                    step.run();
                }
                least = Math.min(least, (threads.getCurrentThreadAllocatedBytes() - before) / steps);
            }
            System.out.println("species " + VectorWidth.SPECIES);
            System.out.println("bytes per step " + least);
        }
    }

    // values in [0, 1), three in four of them zero where `zeros` (as the blank pixels of a digit)
    private static Tensor upload(Kernels k, int rows, int cols, Random random, boolean zeros) {
        float[] values = new float[rows * cols];
        for (int i = 0; i < values.length; i++) {
            values[i] = zeros && random.nextInt(4) != 0 ? 0f : random.nextFloat() - (zeros ? 0f : 0.5f);
        }
        Tensor t = k.allocate(rows, cols);
        k.upload(values, values.length, t);
        return t;
    }
}
