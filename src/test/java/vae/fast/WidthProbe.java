package vae.fast;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import vae.checkpoint.Checkpoint;
import vae.data.Mnist;
import vae.model.VaeConfig;
import vae.train.Checkpoints;
import vae.train.History;
import vae.train.Position;
import vae.train.TrainConfig;
import vae.train.Trainer;
import vae.tensor.AdamStep;
import vae.tensor.Tensor;
import vae.tensor.Kernels;

/**
 * Run in a JVM of its own by {@link WidthTest}, once per vector width ({@code -Dvae.vector.bits}):
 * prints what the vector kernels compute, as digests of the floats' bits, and the losses of a short
 * training run. Every line must be the same at every width.
 *
 * <pre>
 *   kernels                        every vector kernel on awkward sizes, one digest per output
 *   train OUT EPOCHS THREADS [CHECKPOINT]  the seed's model on a slice of MNIST, from CHECKPOINT if given
 * </pre>
 */
public final class WidthProbe {
    /** The slice of MNIST that {@code train} uses: enough for the threaded products and the panels. */
    static final int TRAIN = 640, TEST = 256, BATCH = 64;

    public static void main(String[] args) throws Exception {
        System.out.println("width " + VectorWidth.SPECIES.vectorBitSize());
        if (args[0].equals("kernels")) {
            kernels();
        } else {
            train(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), args.length > 4 ? Path.of(args[4]) : null);
        }
    }

    // ---- kernels -----------------------------------------------------------------------------

    // (B, IN, OUT): below and above a vector, past the panels, the seed's layers, and one above
    // the size where the products go to two threads
    private static final int[][] SHAPES = {{1, 1, 1}, {3, 5, 7}, {9, 17, 33}, {13, 100, 49}, {37, 29, 61},
            {128, 784, 400}, {128, 400, 784}, {128, 10, 400}, {128, 400, 10}, {128, 2, 10}, {21, 784, 13}};

    static void kernels() throws Exception {
        try (VectorKernels k = new VectorKernels(2)) {
            for (int[] shape : SHAPES) {
                linear(k, shape[0], shape[1], shape[2]);
            }
            for (int n : new int[] {1, 7, 16, 33, 784, 785, 4098}) {
                elementwise(k, 3, n);
            }
        }
    }

    private static void linear(Kernels k, int B, int IN, int OUT) throws Exception {
        Random random = new Random(B * 1_000_003L + IN * 1_009L + OUT);
        String shape = B + "x" + IN + "x" + OUT;
        Tensor x = upload(k, k.allocate(B, IN), withZeros(random, B * IN));
        Tensor w = upload(k, k.allocate(OUT, IN), values(random, OUT * IN));
        Tensor b = upload(k, k.allocate(1, OUT), values(random, OUT));
        Tensor y = k.allocate(B, OUT);
        k.linearForward(x, w, b, y, B);
        print("forward " + shape, k, y, B * OUT);

        Tensor dy = upload(k, k.allocate(B, OUT), withZeros(random, B * OUT));
        Tensor dx = upload(k, k.allocate(B, IN), values(random, B * IN));
        k.linearBackwardInput(dy, w, dx, B, true);
        print("dx+= " + shape, k, dx, B * IN);
        k.linearBackwardInput(dy, w, dx, B, false);
        print("dx " + shape, k, dx, B * IN);

        Tensor dw = k.allocate(OUT, IN), db = k.allocate(1, OUT);
        k.linearBackwardParams(dy, x, dw, db, B);
        print("dw " + shape, k, dw, OUT * IN);
        print("db " + shape, k, db, OUT);

        Tensor m = upload(k, k.allocate(OUT, IN), values(random, OUT * IN));
        Tensor v = upload(k, k.allocate(OUT, IN), squares(random, OUT * IN));
        k.adamStep(w, dw, m, v, new AdamStep(0.9, 0.999, 1e-8, 1e-3 / (1 - 0.9), Math.sqrt(1 - 0.999)));
        print("adam " + shape, k, w, OUT * IN);
        print("adam m " + shape, k, m, OUT * IN);
        print("adam v " + shape, k, v, OUT * IN);
    }

    private static void elementwise(Kernels k, int B, int N) throws Exception {
        Random random = new Random(N);
        String shape = B + "x" + N;
        float[] logits = new float[B * N];
        for (int i = 0; i < logits.length; i++) {      // some far past where the sigmoid saturates
            logits[i] = (float) (random.nextGaussian() * (i % 5 == 0 ? 30 : 4));
        }
        Tensor a = upload(k, k.allocate(B, N), logits);
        Tensor t = upload(k, k.allocate(B, N), unit(random, B * N));
        Tensor da = k.allocate(B, N), rowLoss = k.allocate(B, 1), y = k.allocate(B, N);
        k.bceWithLogits(a, t, da, rowLoss, B);
        print("bce loss " + shape, k, rowLoss, B);
        print("bce grad " + shape, k, da, B * N);
        k.sigmoidForward(a, y, B);
        print("sigmoid " + shape, k, y, B * N);
        Tensor dy = upload(k, k.allocate(B, N), values(random, B * N));
        k.sigmoidBackward(y, dy, da, B);
        print("sigmoid grad " + shape, k, da, B * N);
        k.reluForward(a, B);
        print("relu " + shape, k, a, B * N);
        k.reluBackward(a, dy, B);
        print("relu grad " + shape, k, dy, B * N);
    }

    private static Tensor upload(Kernels k, Tensor t, float[] values) {
        k.upload(values, values.length, t);
        return t;
    }

    private static float[] values(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    private static float[] unit(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextInt(4) == 0 ? 0f : random.nextFloat();
        }
        return v;
    }

    private static float[] squares(Random random, int n) {
        float[] v = values(random, n);
        for (int i = 0; i < n; i++) {
            v[i] *= v[i];
        }
        return v;
    }

    // values, about half of them zero, as MNIST's pixels and ReLU's outputs are: the kernels skip them
    private static float[] withZeros(Random random, int n) {
        float[] v = values(random, n);
        for (int i = 0; i < n; i++) {
            if (random.nextBoolean()) {
                v[i] = 0f;
            }
        }
        return v;
    }

    private static void print(String what, Kernels k, Tensor t, int n) throws Exception {
        float[] values = new float[n];
        k.download(t, n, values);
        ByteBuffer bits = ByteBuffer.allocate(4 * n);
        for (float f : values) {
            bits.putInt(Float.floatToRawIntBits(f));
        }
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(bits.array());
        System.out.println(what + " " + HexFormat.of().formatHex(digest, 0, 12));
    }

    // ---- training ----------------------------------------------------------------------------

    static void train(Path out, int epochs, int threads, Path checkpoint) {
        int[] trainImages = new int[TRAIN], testImages = new int[TEST];
        for (int i = 0; i < TRAIN; i++) {
            trainImages[i] = i;
        }
        for (int i = 0; i < TEST; i++) {
            testImages[i] = i;
        }
        Mnist train = Mnist.load(Path.of("data", "mnist"), true).subset(trainImages);
        Mnist test = Mnist.load(Path.of("data", "mnist"), false).subset(testImages);
        TrainConfig config = new TrainConfig(VaeConfig.SEED, epochs, BATCH, 1e-3, 42, Path.of("data", "mnist"), out, threads);
        try (VectorKernels k = new VectorKernels(threads)) {
            Trainer trainer = new Trainer(config, k, train, test, new PrintStream(new ByteArrayOutputStream()));
            Position start = checkpoint == null ? Position.after(0) : Checkpoints.restore(Checkpoint.load(checkpoint), trainer);
            trainer.setListener(new Checkpoints(out, 1));
            History history = trainer.run(start);
            // the losses, every digit; not the seconds
            tech.tablesaw.api.Table table = history.table();
            for (int r = 0; r < table.rowCount(); r++) {
                StringBuilder line = new StringBuilder();
                for (String column : table.columnNames()) {
                    if (!column.equals("seconds")) {
                        line.append(column).append(' ').append(table.column(column).getString(r)).append(' ');
                    }
                }
                System.out.println(line.toString().trim());
            }
        }
    }
}
