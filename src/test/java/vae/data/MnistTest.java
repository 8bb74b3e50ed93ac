package vae.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static vae.data.IdxFiles.gzip;
import static vae.data.IdxFiles.images;
import static vae.data.IdxFiles.labels;
import static vae.data.IdxFiles.write;
import static vae.data.IdxReaderTest.assertMessage;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistTest {

    @TempDir
    Path dir;

    // Three images of 2 x 2 pixels, labelled 7 3 9: pixel p of image i holds byte 4i + p.
    private static final byte[] PIXELS = {0, 1, 2, 3, 4, 5, 6, 7, (byte) 128, (byte) 200, (byte) 254, (byte) 255};

    private Mnist tiny() {
        return new Mnist(PIXELS, new byte[] {7, 3, 9}, 2, 2);
    }

    // ---- loading ----------------------------------------------------------------------------

    @Test
    void loadsGzipFiles() {
        write(dir, "train-images-idx3-ubyte.gz", gzip(images(3, 2, 5)));
        write(dir, "train-labels-idx1-ubyte.gz", gzip(labels(5, 0, 4)));
        Mnist train = Mnist.load(dir, true);
        assertEquals(3, train.count());
        assertEquals(2, train.rows());
        assertEquals(5, train.cols());
        assertEquals(10, train.imageSize());
        assertEquals(4, train.label(2));
        assertEquals(IdxFiles.pixels(30)[17] & 0xFF, train.pixelByte(1, 7));
    }

    @Test
    void loadsUncompressedTestFiles() {
        write(dir, "t10k-images-idx3-ubyte", images(2, 28, 28));
        write(dir, "t10k-labels-idx1-ubyte", labels(7, 2));
        Mnist test = Mnist.load(dir, false);
        assertEquals(2, test.count());
        assertEquals(784, test.imageSize());
        assertEquals(7, test.label(0));
    }

    @Test
    void prefersTheGzipFile() {
        write(dir, "train-images-idx3-ubyte", images(2, 1, 1));
        write(dir, "train-labels-idx1-ubyte", labels(1, 1));
        write(dir, "train-images-idx3-ubyte.gz", gzip(images(2, 1, 1)));
        write(dir, "train-labels-idx1-ubyte.gz", gzip(labels(8, 8)));
        assertEquals(8, Mnist.load(dir, true).label(0));
    }

    @Test
    void missingFolder() {
        Path missing = dir.resolve("mnist");
        assertMessage(missing + ": folder not found (the project keeps MNIST in data/mnist, see data/mnist/README.md)",
                () -> Mnist.load(missing, true));
    }

    @Test
    void fileInsteadOfFolder() {
        Path file = write(dir, "mnist", new byte[1]);
        assertMessage(file + ": not a folder (the project keeps MNIST in data/mnist, see data/mnist/README.md)",
                () -> Mnist.load(file, true));
    }

    @Test
    void missingFile() {
        write(dir, "t10k-images-idx3-ubyte.gz", gzip(images(2, 1, 1)));
        Path gz = dir.resolve("t10k-labels-idx1-ubyte.gz");
        assertMessage(gz + ": file not found, nor t10k-labels-idx1-ubyte"
                + " (the project keeps MNIST in data/mnist, see data/mnist/README.md)", () -> Mnist.load(dir, false));
    }

    @Test
    void labelAndImageCountsDisagree() {
        Path images = write(dir, "train-images-idx3-ubyte.gz", gzip(images(3, 1, 1)));
        Path labels = write(dir, "train-labels-idx1-ubyte.gz", gzip(labels(1, 2)));
        assertMessage(labels + ": 2 labels for the 3 images of " + images, () -> Mnist.load(dir, true));
    }

    @Test
    void labelOutOfRange() {
        write(dir, "train-images-idx3-ubyte.gz", gzip(images(3, 1, 1)));
        Path labels = write(dir, "train-labels-idx1-ubyte.gz", gzip(labels(1, 2, 10)));
        assertMessage(labels + ": label 10 at index 2 is not a digit 0..9", () -> Mnist.load(dir, true));
    }

    @Test
    void brokenFileIsNamed() {
        Path images = write(dir, "train-images-idx3-ubyte.gz", gzip(labels(1, 2, 3)));
        write(dir, "train-labels-idx1-ubyte.gz", gzip(labels(1, 2, 3)));
        assertMessage(images + ": wrong magic number 0x00000801, expected 0x00000803 (IDX images)",
                () -> Mnist.load(dir, true));
    }

    @Test
    void refusesPixelsThatDoNotFitTheShape() {
        assertThrows(IllegalArgumentException.class, () -> new Mnist(new byte[11], new byte[3], 2, 2));
    }

    // ---- bytes to floats --------------------------------------------------------------------

    @Test
    void toFloatIsAFloatDivisionBy255() {
        for (int b = 0; b < 256; b++) {
            float expected = (float) (b / 255.0);     // the exact quotient, rounded once to float
            assertEquals(expected, Mnist.toFloat((byte) b), "byte " + b);
            assertEquals(b / 255f, Mnist.toFloat((byte) b), "byte " + b);
        }
        assertEquals(0f, Mnist.toFloat((byte) 0));
        assertEquals(0.5019608f, Mnist.toFloat((byte) 128));
        assertEquals(1f, Mnist.toFloat((byte) 255));
    }

    @Test
    void copyImagesGivesEveryByteItsQuotient() {
        // every byte value, in images of 28x28 (a whole number of vectors) and of 5x7 (a tail)
        for (int[] shape : new int[][]{{28, 28}, {5, 7}, {1, 1}}) {
            EveryByteImages images = EveryByteImages.of(shape[0], shape[1]);
            int rows = images.count() - 1;
            Mnist m = new Mnist(images.bytes(), new byte[images.count()], shape[0], shape[1]);
            float[] dst = new float[rows * images.P()];
            m.copyImages(images.order(), 1, rows, dst);     // images count-2 .. 0, from position 1 of the order
            images.assertQuotients(dst, 1, rows, shape[0] + "x" + shape[1]);
        }
    }

    @Test
    void pixelAccessors() {
        Mnist m = tiny();
        assertEquals(200, m.pixelByte(2, 1));
        assertEquals(200 / 255f, m.pixel(2, 1));
        assertEquals(1f, m.pixel(2, 3));
        assertEquals(9, m.label(2));
    }

    @Test
    void copiesABatchInIndexOrder() {
        int[] order = {2, 0, 1};
        float[] dst = new float[3 * 4];
        Arrays.fill(dst, -1f);
        tiny().copyImages(order, 1, 2, dst);         // images 0 and 1, into rows 0 and 1
        float[] expected = {0f, 1 / 255f, 2 / 255f, 3 / 255f,
                            4 / 255f, 5 / 255f, 6 / 255f, 7 / 255f,
                            -1f, -1f, -1f, -1f};                    // row 2 untouched
        assertArrayEquals(expected, dst);

        tiny().copyImages(order, 0, 1, dst);         // image 2 into row 0
        assertArrayEquals(new float[] {128 / 255f, 200 / 255f, 254 / 255f, 1f}, Arrays.copyOf(dst, 4));
    }

    // ---- subsets ----------------------------------------------------------------------------

    @Test
    void subsetCopiesImagesAndLabelsInOrder() {
        Mnist sub = tiny().subset(new int[] {2, 0});
        assertEquals(2, sub.count());
        assertEquals(2, sub.rows());
        assertEquals(9, sub.label(0));
        assertEquals(7, sub.label(1));
        assertEquals(255, sub.pixelByte(0, 3));
        assertEquals(3, sub.pixelByte(1, 3));
    }
}
