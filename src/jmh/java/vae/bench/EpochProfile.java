package vae.bench;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.Map;
import java.util.TreeMap;
import vae.data.Mnist;
import vae.tensor.Kernels;
import vae.tensor.Tensor;
import vae.tensor.VectorKernels;
import vae.train.History;
import vae.train.Metrics;
import vae.train.TrainConfig;
import vae.train.Trainer;

/**
 * Where a training epoch's time goes, kernel by kernel: trains the seed's model with the Vector API
 * kernels, every call timed, and prints the last epoch's calls grouped by operation and shape,
 * beside what the same products reach alone in {@link ProductBench}:
 * <pre>
 * mvn -Pbench -DskipTests package
 * java --add-modules jdk.incubator.vector -cp target/benchmarks.jar vae.bench.EpochProfile [EPOCHS] [THREADS]
 * </pre>
 * Defaults: 3 epochs (the first is slow while the JIT compiles), 2 threads; the table is the last
 * epoch's. The test pass runs on 128 test images
 * only, so that the table is the training loop's. Timing a call costs two clock reads, well under
 * a microsecond, against 1 to 500 µs a call.
 */
public final class EpochProfile {
    private EpochProfile() {
    }

    public static void main(String[] args) throws Exception {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Mnist train = Mnist.load(Mnist.DIR, true);
        Mnist test = Mnist.load(Mnist.DIR, false).subset(java.util.stream.IntStream.range(0, 128).toArray());
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        try (Timed kernels = new Timed(new VectorKernels(threads))) {
            TrainConfig config = TrainConfig.seedDefaults().withEpochs(epochs)
                    .withOut(Files.createTempDirectory("epoch-profile"));
            Trainer trainer = new Trainer(config, kernels, train, test, quiet);
            trainer.setListener(new Trainer.Listener() {
                @Override
                public void epochDone(Trainer t, int epoch, Metrics trainLoss, Metrics testLoss) {
                    if (epoch == epochs - 1) {
                        kernels.calls.clear();     // the table is the last epoch's
                    }
                }
            });
            History history = trainer.run();
            for (int e = 0; e < epochs; e++) {
                System.out.printf("epoch %d: %.3f s (the training loop, %d threads)%n", e + 1,
                        history.table().doubleColumn("seconds").get(e), threads);
            }
            print(kernels.calls, history.table().doubleColumn("seconds").get(epochs - 1));
        }
    }

    private static void print(Map<String, long[]> calls, double epochSeconds) {
        long total = 0;
        for (long[] c : calls.values()) {
            total += c[0];
        }
        System.out.printf("%-24s %10s %7s %8s %10s %9s%n", "kernel", "ms/epoch", "share", "calls", "µs/call", "GFLOP/s");
        for (Map.Entry<String, long[]> e : calls.entrySet()) {
            long[] c = e.getValue();
            String gflops = c[2] > 0 ? String.format("%9.0f", 2.0 * c[2] / c[0]) : "";
            System.out.printf("%-24s %10.1f %6.1f%% %8d %10.1f %s%n", e.getKey(), c[0] / 1e6,
                    100.0 * c[0] / 1e9 / epochSeconds, c[1], c[0] / 1e3 / c[1], gflops);
        }
        System.out.printf("%-24s %10.1f %6.1f%%   (the rest: loading batches, the sampling of ε, the loop)%n",
                "all kernels", total / 1e6, 100.0 * total / 1e9 / epochSeconds);
    }

    /** Every call of another {@link Kernels}, timed and counted by operation and shape. */
    static final class Timed implements Kernels {
        private final Kernels k;
        /** name → {nanoseconds, calls, multiply-adds}. */
        final Map<String, long[]> calls = new TreeMap<>();

        Timed(Kernels k) {
            this.k = k;
        }

        private void add(String name, long start, long multiplyAdds) {
            long[] c = calls.computeIfAbsent(name, n -> new long[3]);
            c[0] += System.nanoTime() - start;
            c[1]++;
            c[2] += multiplyAdds;
        }

        private static String shape(String op, Tensor w) {
            return op + " " + w.cols + "x" + w.rows;
        }

        @Override
        public String name() {
            return k.name();
        }

        @Override
        public Tensor allocate(int rows, int cols) {
            return k.allocate(rows, cols);
        }

        @Override
        public void upload(float[] src, int n, Tensor dst) {
            long t = System.nanoTime();
            k.upload(src, n, dst);
            add("upload", t, 0);
        }

        @Override
        public void download(Tensor src, int n, float[] dst) {
            long t = System.nanoTime();
            k.download(src, n, dst);
            add("download", t, 0);
        }

        @Override
        public void linearForward(Tensor x, Tensor w, Tensor b, Tensor y, int B) {
            long t = System.nanoTime();
            k.linearForward(x, w, b, y, B);
            add(shape("y = x·wᵀ + b", w), t, (long) B * w.size());
        }

        @Override
        public void linearBackwardInput(Tensor dy, Tensor w, Tensor dx, int B, boolean accumulate) {
            long t = System.nanoTime();
            k.linearBackwardInput(dy, w, dx, B, accumulate);
            add(shape("dx = dy·w", w), t, (long) B * w.size());
        }

        @Override
        public void linearBackwardParams(Tensor dy, Tensor x, Tensor dw, Tensor db, int B) {
            long t = System.nanoTime();
            k.linearBackwardParams(dy, x, dw, db, B);
            add(shape("dw = dyᵀ·x", dw), t, (long) B * dw.size());
        }

        @Override
        public void reluForward(Tensor y, int B) {
            long t = System.nanoTime();
            k.reluForward(y, B);
            add("relu", t, 0);
        }

        @Override
        public void reluBackward(Tensor y, Tensor dy, int B) {
            long t = System.nanoTime();
            k.reluBackward(y, dy, B);
            add("relu backward", t, 0);
        }

        @Override
        public void sigmoidForward(Tensor a, Tensor y, int B) {
            long t = System.nanoTime();
            k.sigmoidForward(a, y, B);
            add("sigmoid", t, 0);
        }

        @Override
        public void sigmoidBackward(Tensor y, Tensor dy, Tensor da, int B) {
            long t = System.nanoTime();
            k.sigmoidBackward(y, dy, da, B);
            add("sigmoid backward", t, 0);
        }

        @Override
        public void reparameterize(Tensor mu, Tensor logvar, Tensor eps, Tensor z, int B) {
            long t = System.nanoTime();
            k.reparameterize(mu, logvar, eps, z, B);
            add("reparameterize", t, 0);
        }

        @Override
        public void reparameterizeBackward(Tensor dz, Tensor logvar, Tensor eps, Tensor dmu, Tensor dlogvar, int B) {
            long t = System.nanoTime();
            k.reparameterizeBackward(dz, logvar, eps, dmu, dlogvar, B);
            add("reparameterize backward", t, 0);
        }

        @Override
        public void bceWithLogits(Tensor logits, Tensor x, Tensor dlogits, Tensor rowLoss, int B) {
            long t = System.nanoTime();
            k.bceWithLogits(logits, x, dlogits, rowLoss, B);
            add("loss (BCE)", t, 0);
        }

        @Override
        public void klForward(Tensor mu, Tensor logvar, Tensor rowKl, int B) {
            long t = System.nanoTime();
            k.klForward(mu, logvar, rowKl, B);
            add("KL", t, 0);
        }

        @Override
        public void klBackward(Tensor mu, Tensor logvar, Tensor dmu, Tensor dlogvar, int B) {
            long t = System.nanoTime();
            k.klBackward(mu, logvar, dmu, dlogvar, B);
            add("KL backward", t, 0);
        }

        @Override
        public void adamStep(Tensor p, Tensor g, Tensor m, Tensor v,
                             double beta1, double beta2, double eps, double stepSize, double bc2Sqrt) {
            long t = System.nanoTime();
            k.adamStep(p, g, m, v, beta1, beta2, eps, stepSize, bc2Sqrt);
            add(p.size() > 100_000 ? "Adam, big weights" : "Adam, the rest", t, 0);
        }

        @Override
        public void close() {
            k.close();
        }
    }
}
