package vae.data;

import java.nio.file.Files;
import java.nio.file.Path;
import vae.nn.Purpose;
import vae.nn.Rng;

/**
 * One split of MNIST (training: 60000 images, test: 10000), each image {@code rows x cols} = 28 x 28
 * grey pixels with its digit label 0..9.
 *
 * <p>The images stay as the file's raw bytes, one {@code byte[]} of {@code count * 784} pixels
 * (47 MB for training, a quarter of what floats would take), and a batch is turned into floats
 * only when the trainer asks for it, by {@link #copyImages}, the way torchvision's
 * {@code ToTensor} does: {@code pixel / 255f}, 0 (background) to 1 (ink).
 *
 * <p>The project keeps the four files in {@link #DIR} ({@code data/mnist}), gzip-compressed:
 * {@code train-images-idx3-ubyte.gz}, {@code train-labels-idx1-ubyte.gz},
 * {@code t10k-images-idx3-ubyte.gz}, {@code t10k-labels-idx1-ubyte.gz}. The same names without
 * {@code .gz} (uncompressed) are accepted too; the {@code .gz} file wins when both are present.
 *
 * <p>Fashion-MNIST comes in the same four files (Debian's package {@code dataset-fashion-mnist}
 * puts them in {@code /usr/share/datasets/fashion-mnist}) and loads the same way; which of the two
 * a folder holds is recognised from its labels ({@link DataSet}).
 */
public final class Mnist {

    /** Where the project keeps MNIST, relative to the project root. */
    public static final Path DIR = Path.of("data", "mnist");

    /** MNIST's images are 28 x 28 pixels: the 784 inputs of the seed's model. */
    public static final int SIDE = 28;

    private final byte[] images;    // (count, rows*cols) pixels 0..255, image after image
    private final byte[] labels;    // (count) digits 0..9
    private final int count;
    private final int rows;
    private final int cols;
    private final DataSet dataSet;  // what the labels mean: MNIST's digits, Fashion-MNIST's clothes

    /** Wraps the arrays (no copy): {@code images} holds {@code labels.length} images of {@code rows x cols} bytes. */
    public Mnist(byte[] images, byte[] labels, int rows, int cols) {
        this(images, labels, rows, cols, DataSet.UNRECOGNISED);
    }

    /** As above, the images being of the data set {@code dataSet}. */
    public Mnist(byte[] images, byte[] labels, int rows, int cols, DataSet dataSet) {
        if (rows <= 0 || cols <= 0 || images.length != (long) labels.length * rows * cols) {
            throw new IllegalArgumentException(images.length + " pixel bytes are not " + labels.length
                    + " images of " + rows + " x " + cols);
        }
        this.images = images;
        this.labels = labels;
        this.count = labels.length;
        this.rows = rows;
        this.cols = cols;
        this.dataSet = dataSet;
    }

    // ---- loading ----------------------------------------------------------------------------

    //> data load
    /** The training split ({@code train = true}) or the test split of the MNIST files in {@code dir}. */
    public static Mnist load(Path dir, boolean train) {
        checkFolder(dir);
        String split = train ? "train" : "t10k";
        Path imageFile = find(dir, split + "-images-idx3-ubyte");
        Path labelFile = find(dir, split + "-labels-idx1-ubyte");
        IdxData images = IdxReader.readImages(imageFile);
        IdxData labels = IdxReader.readLabels(labelFile);
        if (labels.count() != images.count()) {
            throw new DataException(labelFile, labels.count() + " labels for the " + images.count()
                    + " images of " + imageFile);
        }
        checkDigits(labelFile, labels.data());
        return new Mnist(images.data(), labels.data(), images.dims()[1], images.dims()[2], DataSet.recognise(labels.data()));
    }

    /** As {@link #load(Path, boolean)}, and the images must be {@code side x side} pixels. */
    public static Mnist load(Path dir, boolean train, int side) {
        Mnist data = load(dir, train);
        if (data.rows != side || data.cols != side) {
            Path imageFile = find(dir, (train ? "train" : "t10k") + "-images-idx3-ubyte");
            throw new DataException(imageFile, "images are " + data.rows + " x " + data.cols
                    + " pixels, but MNIST's (and the model's input) are " + side + " x " + side);
        }
        return data;
    }
    //< data load

    private static void checkFolder(Path dir) {
        if (!Files.exists(dir)) {
            throw new DataException(dir, "folder not found (" + whereMnistLives() + ")");
        }
        if (!Files.isDirectory(dir)) {
            throw new DataException(dir, "not a folder (" + whereMnistLives() + ")");
        }
    }

    // The .gz file if there is one, else the uncompressed file.
    private static Path find(Path dir, String name) {
        Path gz = dir.resolve(name + ".gz");
        Path raw = dir.resolve(name);
        if (Files.exists(gz)) {
            return gz;
        }
        if (Files.exists(raw)) {
            return raw;
        }
        throw new DataException(gz, "file not found, nor " + raw.getFileName() + " (" + whereMnistLives() + ")");
    }

    private static String whereMnistLives() {
        return "the project keeps MNIST in " + DIR + ", see " + DIR.resolve("README.md");
    }

    private static void checkDigits(Path labelFile, byte[] labels) {
        for (int i = 0; i < labels.length; i++) {
            if ((labels[i] & 0xFF) > 9) {
                throw new DataException(labelFile, "label " + (labels[i] & 0xFF) + " at index " + i
                        + " is not a digit 0..9");
            }
        }
    }

    // ---- reading ----------------------------------------------------------------------------

    public int count() {
        return count;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** Pixels per image: rows * cols, 784 for MNIST. */
    public int imageSize() {
        return rows * cols;
    }

    /**
     * The pixels as stored: {@link #imageSize()} bytes an image, image after image, 0..255 read
     * as unsigned. The array itself, not a copy, for {@code Kernels.uploadImages}: read it only.
     */
    public byte[] imageBytes() {
        return images;
    }

    /** Which data set these images are: its name and the names of its labels. */
    public DataSet dataSet() {
        return dataSet;
    }

    /** The digit shown by image {@code i} (for Fashion-MNIST, its class: 0..9). */
    public int label(int i) {
        return labels[i];
    }

    /** Pixel {@code index} (row * cols + col) of image {@code image}, as stored: 0..255. */
    public int pixelByte(int image, int index) {
        return images[image * imageSize() + index] & 0xFF;
    }

    /** The same pixel as the model sees it: 0..1. */
    public float pixel(int image, int index) {
        return toFloat(images[image * imageSize() + index]);
    }

    //> data to-tensor
    // An unsigned byte 0..255 to a float 0..1, as torchvision's ToTensor does: a float32 division.
    public static float toFloat(byte b) {
        return (b & 0xFF) / 255f;
    }

    // dst is (count, P): row k gets image indices[from + k]. The trainer asks the kernels for the
    // same (Kernels.uploadImages), straight into a tensor; this copy is for code that reads pixels.
    public void copyImages(int[] indices, int from, int count, float[] dst) {
        toFloats(images, imageSize(), indices, from, count, dst);
    }

    // images holds P bytes an image; dst is (count, P): row k = image order[from + k], byte / 255
    public static void toFloats(byte[] images, int P, int[] order, int from, int count, float[] dst) {
        for (int k = 0; k < count; k++) {
            int image = order[from + k];
            for (int p = 0; p < P; p++) {
                dst[k * P + p] = toFloat(images[image * P + p]);
            }
        }
    }
    //< data to-tensor

    // ---- subsets ----------------------------------------------------------------------------

    //> data binarize
    /**
     * A black-and-white copy: each pixel of intensity x becomes 1 (byte 255) with probability x and
     * 0 otherwise. Image i's bits come from a stream of its own, {@code Rng.stream(seed, purpose,
     * pass·2³² + i)}, so a draw depends on (seed, purpose, pass, image) alone: not on the order
     * images are drawn in, nor on how many threads draw them.
     */
    public Mnist binarized(long seed, Purpose purpose, long pass) {
        int P = imageSize();
        byte[] bits = new byte[images.length];
        for (int i = 0; i < count; i++) {
            Rng rng = Rng.stream(seed, purpose, pass << 32 | i);
            for (int p = 0; p < P; p++) {
                bits[i * P + p] = rng.nextDouble() < toFloat(images[i * P + p]) ? (byte) 255 : 0;
            }
        }
        return new Mnist(bits, labels, rows, cols, dataSet);
    }
    //< data binarize

    /** A new split holding copies of the images {@code indices}, in that order (e.g. a validation set). */
    public Mnist subset(int[] indices) {
        int P = imageSize();
        byte[] subImages = new byte[indices.length * P];
        byte[] subLabels = new byte[indices.length];
        for (int k = 0; k < indices.length; k++) {
            System.arraycopy(images, indices[k] * P, subImages, k * P, P);
            subLabels[k] = labels[indices[k]];
        }
        return new Mnist(subImages, subLabels, rows, cols, dataSet);
    }
}
