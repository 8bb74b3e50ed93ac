package vae.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import vae.data.DataSet;
import vae.data.Mnist;
import vae.model.Vae;
import vae.model.VaeConfig;
import vae.model.VaeLoss;
import vae.nn.Rng;
import vae.optim.Adam;
import vae.tensor.Kernels;
import vae.train.Batch;

/** Small synthetic digits, small models and IDX files for the report's tests. */
public final class ReportFixtures {
    private ReportFixtures() {
    }

    /**
     * count images of rows × cols pixels, image i showing "digit" i % 10: a bright horizontal and
     * vertical stroke whose place depends on the digit (shifted by a pixel at random), on faint noise.
     */
    public static Mnist digits(int count, int rows, int cols, long seed) {
        Rng rng = new Rng(seed);
        byte[] images = new byte[count * rows * cols];
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            int d = i % 10;
            labels[i] = (byte) d;
            int row = (d * (rows - 2)) / 10 + 1 + rng.nextInt(2) - 1;
            int col = ((9 - d) * (cols - 2)) / 10 + 1 + rng.nextInt(2) - 1;
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    boolean ink = r == row || (c == col && r >= rows / 4 && r < 3 * rows / 4);
                    images[(i * rows + r) * cols + c] = (byte) (ink ? 200 + rng.nextInt(56) : rng.nextInt(30));
                }
            }
        }
        return new Mnist(images, labels, rows, cols, DataSet.MNIST);
    }

    public static Vae model(Kernels k, VaeConfig c, int maxBatch, long seed) {
        Vae model = new Vae(k, c, maxBatch);
        model.initialize(seed);
        return model;
    }

    /** A model trained for some epochs of Adam on data, in batches of its maxBatch. */
    public static Vae trained(Kernels k, VaeConfig c, int maxBatch, Mnist data, int epochs, long seed) {
        Vae model = model(k, c, maxBatch, seed);
        VaeLoss loss = new VaeLoss(k, c, maxBatch);
        Batch batch = new Batch(k, c, maxBatch);
        Adam adam = new Adam(k, model.parameters(), 1e-2);
        Rng rng = new Rng(seed + 1);
        int[] order = Latents.identity(data.count());
        for (int e = 0; e < epochs; e++) {
            rng.shuffle(order, order.length);
            for (int from = 0; from < data.count(); from += maxBatch) {
                int B = Math.min(maxBatch, data.count() - from);
                batch.load(data, order, from, B, rng);
                loss.compute(model.forward(batch.x, batch.eps, B), batch.x, model.mu(), model.logvar(), B);
                model.backward(loss.dLogits(), B);
                adam.step();
            }
        }
        return model;
    }

    /** Writes the four MNIST files (raw IDX) of a training and a test split into dir. */
    public static Path writeMnist(Path dir, Mnist train, Mnist test) {
        write(dir.resolve("train-images-idx3-ubyte"), imagesIdx(train));
        write(dir.resolve("train-labels-idx1-ubyte"), labelsIdx(train));
        write(dir.resolve("t10k-images-idx3-ubyte"), imagesIdx(test));
        write(dir.resolve("t10k-labels-idx1-ubyte"), labelsIdx(test));
        return dir;
    }

    private static byte[] imagesIdx(Mnist m) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(16).putInt(0x803).putInt(m.count()).putInt(m.rows()).putInt(m.cols()).array());
        for (int i = 0; i < m.count(); i++) {
            for (int p = 0; p < m.imageSize(); p++) {
                out.write(m.pixelByte(i, p));
            }
        }
        return out.toByteArray();
    }

    private static byte[] labelsIdx(Mnist m) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(8).putInt(0x801).putInt(m.count()).array());
        for (int i = 0; i < m.count(); i++) {
            out.write(m.label(i));
        }
        return out.toByteArray();
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
