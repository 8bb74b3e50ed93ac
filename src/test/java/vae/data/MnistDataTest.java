package vae.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real MNIST in data/mnist (the working directory under Maven is the project root). */
class MnistDataTest {

    // SHA-256 of the uncompressed files, as published with MNIST (see data/mnist/README.md).
    static final String TRAIN_IMAGES_SHA256 = "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db";
    static final String TRAIN_LABELS_SHA256 = "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5";
    static final String TEST_IMAGES_SHA256 = "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7";
    static final String TEST_LABELS_SHA256 = "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2";

    static Mnist train;
    static Mnist test;

    @BeforeAll
    static void load() {
        train = Mnist.load(Mnist.DIR, true);
        test = Mnist.load(Mnist.DIR, false);
    }

    @Test
    void sizes() {
        assertEquals(60000, train.count());
        assertEquals(10000, test.count());
        for (Mnist split : new Mnist[] {train, test}) {
            assertEquals(28, split.rows());
            assertEquals(28, split.cols());
            assertEquals(784, split.imageSize());
        }
    }

    @Test
    void firstLabels() {
        assertEquals("5 0 4 1 9 2 1 3 1 4", firstLabels(train));
        assertEquals("7 2 1 0 4 1 4 9 5 9", firstLabels(test));
    }

    @Test
    void digitCounts() {
        assertEquals("5923 6742 5958 6131 5842 5421 5918 6265 5851 5949", digitCounts(train));
        assertEquals("980 1135 1032 1010 982 892 958 1028 974 1009", digitCounts(test));
    }

    @Test
    void decompressedFilesHaveThePublishedSha256() throws IOException {
        assertEquals(TRAIN_IMAGES_SHA256, sha256("train-images-idx3-ubyte.gz"));
        assertEquals(TRAIN_LABELS_SHA256, sha256("train-labels-idx1-ubyte.gz"));
        assertEquals(TEST_IMAGES_SHA256, sha256("t10k-images-idx3-ubyte.gz"));
        assertEquals(TEST_LABELS_SHA256, sha256("t10k-labels-idx1-ubyte.gz"));
    }

    @Test
    void readerReturnsEveryByte() {
        // The header rebuilt from the dims, followed by the data, is the file again, byte for byte.
        IdxData images = IdxReader.readImages(Mnist.DIR.resolve("t10k-images-idx3-ubyte.gz"));
        IdxData labels = IdxReader.readLabels(Mnist.DIR.resolve("train-labels-idx1-ubyte.gz"));
        assertEquals(TEST_IMAGES_SHA256, sha256(IdxReader.IMAGES_MAGIC, images));
        assertEquals(TRAIN_LABELS_SHA256, sha256(IdxReader.LABELS_MAGIC, labels));
    }

    @Test
    void firstImageReachesFullInk() {
        float[] x = new float[784];
        train.copyImages(new int[] {0}, 0, 1, x);
        float max = 0f, min = 1f;
        for (float v : x) {
            max = Math.max(max, v);
            min = Math.min(min, v);
        }
        assertEquals(1.0f, max);
        assertEquals(0.0f, min);
    }

    @Test
    void batchConversionIsByteOver255() {
        int B = 64;
        int[] indices = IntStream.range(0, B).map(i -> 59999 - 937 * i).toArray();
        float[] x = new float[B * 784];
        train.copyImages(indices, 0, B, x);
        for (int k = 0; k < B; k++) {
            for (int p = 0; p < 784; p++) {
                int b = train.pixelByte(indices[k], p);
                assertEquals((float) (b / 255.0), x[k * 784 + p]);
                assertEquals(train.pixel(indices[k], p), x[k * 784 + p]);
            }
        }
    }

    private static String firstLabels(Mnist split) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            s.append(i == 0 ? "" : " ").append(split.label(i));
        }
        return s.toString();
    }

    private static String digitCounts(Mnist split) {
        int[] counts = new int[10];
        for (int i = 0; i < split.count(); i++) {
            counts[split.label(i)]++;
        }
        StringBuilder s = new StringBuilder();
        for (int d = 0; d < 10; d++) {
            s.append(d == 0 ? "" : " ").append(counts[d]);
        }
        return s.toString();
    }

    // SHA-256 of a .gz file's decompressed bytes, read without IdxReader.
    private static String sha256(String gzName) throws IOException {
        MessageDigest sha = sha256();
        Path file = Mnist.DIR.resolve(gzName);
        try (InputStream in = new DigestInputStream(new GZIPInputStream(Files.newInputStream(file)), sha)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    // SHA-256 of the IDX file an IdxData came from: header (magic, dims) then data.
    private static String sha256(int magic, IdxData idx) {
        MessageDigest sha = sha256();
        ByteBuffer header = ByteBuffer.allocate(4 + 4 * idx.dims().length).putInt(magic);
        for (int dim : idx.dims()) {
            header.putInt(dim);
        }
        sha.update(header.array());
        sha.update(idx.data());
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
