package vae.bench;


import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import vae.data.Mnist;
import vae.tensor.Kernels;
import vae.tensor.Tensor;
import vae.fast.VectorKernels;
import vae.train.History;
import vae.train.Metrics;
import vae.train.TrainConfig;
import vae.train.Trainer;

/**
 * Where a training epoch's time goes, kernel by kernel: trains the seed's model with the Vector API
 * kernels, every call timed, and prints the last epoch's calls grouped by operation and shape, with
 * the GFLOP/s of the products. It needs the project's libraries beside the benchmarks:
 * <pre>
 * mvn -q -Pbench -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java --add-modules jdk.incubator.vector -cp target/benchmarks.jar:$(cat target/cp.txt) vae.bench.EpochProfile [EPOCHS] [THREADS]
 * </pre>
 * Defaults: 3 epochs (the first is slow while the JIT compiles), 2 threads; the table is the last
 * epoch's. The test pass runs on 128 test images only, so that the table is the training loop's.
 * The calls go through a {@link Proxy} that reads the clock around each: well under a microsecond
 * a call, against 1 to 500 µs. In the epochs before the last (whose calls are not in the table) it
 * also counts, for each product, the multiply-adds that the kernels skip because a factor is zero
 * (see {@link Timed#skipped}): the "skipped" column. GFLOP/s counts every multiply-add of a
 * product, skipped or not: the rate of the product as the model defines it. The gradient of a
 * weight in panels (decoder.fc3's, encoder.fc1's) runs in the background: its call returns once
 * the work is handed out, and the time the caller then waits for it is counted in the call that
 * waits (the next one whose tensors meet it, or that shares its own work: encoder.fc1's gradient
 * for decoder.fc3's, Adam for encoder.fc1's).
 */
public final class EpochProfile {
    private EpochProfile() {
    }

    public static void main(String[] args) throws Exception {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Mnist train = Mnist.load(Mnist.DIR, true);
        Mnist test = Mnist.load(Mnist.DIR, false).subset(IntStream.range(0, 128).toArray());
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        Timed timed = new Timed(new VectorKernels(threads));
        timed.countZeros = epochs > 1;
        try (Kernels kernels = timed.kernels()) {
            TrainConfig config = TrainConfig.seedDefaults().withEpochs(epochs)
                    .withOut(Files.createTempDirectory("epoch-profile"));
            Trainer trainer = new Trainer(config, kernels, train, test, quiet);
            trainer.setListener(new Trainer.Listener() {
                @Override
                public void epochDone(Trainer t, int epoch, Metrics trainLoss, Metrics testLoss) {
                    if (epoch == epochs - 1) {
                        timed.calls.clear();     // the table is the last epoch's
                        timed.countZeros = false;
                    }
                }
            });
            History history = trainer.run();
            for (int e = 0; e < epochs; e++) {
                System.out.printf("epoch %d: %.3f s (the training loop, %d threads%s)%n", e + 1,
                        history.table().doubleColumn("seconds").get(e), threads,
                        e < epochs - 1 ? ", counting zeros" : "");
            }
            print(timed.calls, timed.zeros, history.table().doubleColumn("seconds").get(epochs - 1));
        }
    }

    private static void print(Map<String, long[]> calls, Map<String, long[]> zeros, double epochSeconds) {
        long total = 0;
        for (long[] c : calls.values()) {
            total += c[0];
        }
        System.out.printf("%-35s %10s %7s %8s %10s %9s %9s%n", "kernel", "ms/epoch", "share", "calls", "µs/call", "GFLOP/s",
                "skipped");
        for (Map.Entry<String, long[]> e : calls.entrySet()) {
            long[] c = e.getValue();
            long[] z = zeros.get(e.getKey());
            String skipped = z == null ? "" : String.format(" %8.1f%%", 100.0 * z[1] / z[0]);
            String gflops = c[2] > 0 ? String.format("%9.0f", 2.0 * c[2] / c[0]) + skipped : "";
            System.out.printf("%-35s %10.1f %6.1f%% %8d %10.1f %s%n", e.getKey(), c[0] / 1e6,
                    100.0 * c[0] / 1e9 / epochSeconds, c[1], c[0] / 1e3 / c[1], gflops);
        }
        System.out.printf("%-35s %10.1f %6.1f%%   (the rest: loading batches, the sampling of ε, the loop)%n",
                "all kernels", total / 1e6, 100.0 * total / 1e9 / epochSeconds);
    }

    /**
     * Every call of another {@link Kernels}, timed and counted under a name: the method, and for a
     * product the shape of its weight (IN x OUT), with its multiply-adds.
     */
    static final class Timed implements InvocationHandler {
        private final Kernels k;
        /** name → {nanoseconds, calls, multiply-adds}. */
        final Map<String, long[]> calls = new TreeMap<>();
        /** Whether to count the zeros the products skip (slow: not in an epoch that is timed). */
        boolean countZeros;
        /** product name → {multiply-adds, multiply-adds skipped}, while countZeros was on. */
        final Map<String, long[]> zeros = new TreeMap<>();

        Timed(Kernels k) {
            this.k = k;
        }

        /** The kernels to hand out: every call comes here, then goes on to the wrapped ones. */
        Kernels kernels() {
            return (Kernels) Proxy.newProxyInstance(Kernels.class.getClassLoader(), new Class<?>[]{Kernels.class}, this);
        }

        /** Nanoseconds of the calls made, so far, inside the call in progress (calls beside a product). */
        private long inside;

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            long outer = inside;
            inside = 0;
            long start = System.nanoTime();
            Object result;
            try {
                result = method.invoke(k, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            long elapsed = System.nanoTime() - start, nanos = elapsed - inside;   // its own time, less the calls inside it
            inside = outer + elapsed;
            String name = method.getName();
            long multiplyAdds = 0;
            // a product's weight, (OUT, IN), and its batch B: where Kernels puts them in each signature
            int weight = name.equals("linearBackwardParams") ? 2 : 1;
            int batch = name.equals("linearBackwardInput") ? 3 : 4;
            if (name.startsWith("linear")) {
                Tensor w = (Tensor) args[weight];
                multiplyAdds = (long) (int) args[batch] * w.size();
                String product = name;
                name += " " + w.cols + "x" + w.rows;
                if (countZeros) {
                    long[] z = zeros.computeIfAbsent(name, n -> new long[2]);
                    z[0] += multiplyAdds;
                    z[1] += skipped(product, args, w.rows, w.cols, (int) args[batch]);
                }
            } else if (name.equals("adamStep")) {
                name += ((Tensor) args[0]).size() > 100_000 ? ", big weights" : ", the rest";
            } else if (name.equals("allocate") || name.equals("name") || name.equals("close")) {
                return result;
            }
            long[] c = calls.computeIfAbsent(name, n -> new long[3]);
            c[0] += nanos;
            c[1]++;
            c[2] += multiplyAdds;
            return result;
        }

        /**
         * The multiply-adds of a product that MatMul skips: for each strip of eight rows of A, the
         * columns in which all eight are zero; and in a small weight's gradient, the whole rows of
         * the units whose dy is zero for the batch. A = x (forward), dy (input gradient), xᵀ (the
         * gradient of a big weight, kept in panels: strips of eight pixels or units of the input),
         * dyᵀ (a small weight's gradient, strips of eight live units in order: the thread split can
         * shift them, not the count by much). A product whose C is one vector wide or less reads A
         * in place and skips no column (MatMul.multiplyNarrow).
         */
        long skipped(String product, Object[] args, int OUT, int IN, int B) {
            float[] a = rowMajor((Tensor) args[0]);
            int narrow = 16;   // MatMul.NARROW
            return switch (product) {
                case "linearForward" -> OUT <= narrow ? 0 : zeroStripColumns(a, B, IN, IN, 1, null) * OUT;
                case "linearBackwardInput" -> IN <= narrow ? 0 : zeroStripColumns(a, B, OUT, OUT, 1, null) * IN;
                case "linearBackwardParams" -> OUT > narrow && IN > narrow   // dw in panels: dwᵀ = xᵀ·dy, A = xᵀ, IN × B
                        ? zeroStripColumns(rowMajor((Tensor) args[1]), IN, B, 1, IN, null) * OUT
                        : rowMajorWeightGradient(a, OUT, IN, B, narrow);
                default -> throw new IllegalArgumentException(product);
            };
        }

        // the elements of an activation or gradient, row-major, as the wrapped kernels give them
        private float[] rowMajor(Tensor t) {
            float[] a = new float[t.size()];
            k.download(t, a.length, a);
            return a;
        }

        // dw = dyᵀ·x for a small weight, row-major: A = dyᵀ, OUT × B
        private static long rowMajorWeightGradient(float[] a, int OUT, int IN, int B, int narrow) {
            int[] live = IntStream.range(0, OUT).filter(o -> {
                for (int r = 0; r < B; r++) {
                    if (a[r * OUT + o] != 0f) {
                        return true;
                    }
                }
                return false;
            }).toArray();
            long columns = IN <= narrow ? 0 : zeroStripColumns(a, live.length, B, 1, OUT, live);
            return ((long) (OUT - live.length) * B + columns) * IN;
        }

        // rows of A (listed, or 0 .. rows) in strips of eight: the elements of A in the columns k < K
        // where all the rows of their strip are zero
        private static long zeroStripColumns(float[] a, int rows, int K, int aRow, int aK, int[] list) {
            long zero = 0;
            for (int m = 0; m < rows; m += 8) {
                int strip = Math.min(8, rows - m);
                for (int k = 0; k < K; k++) {
                    boolean allZero = true;
                    for (int i = m; i < m + strip && allZero; i++) {
                        allZero = a[(list == null ? i : list[i]) * aRow + k * aK] == 0f;
                    }
                    zero += allZero ? strip : 0;
                }
            }
            return zero;
        }
    }
}
