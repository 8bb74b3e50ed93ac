package vae.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Which data set a folder holds is read from its labels, not from its name. */
public class DataSetTest {
    /** Where Debian's package dataset-fashion-mnist puts the four files (.ci/run installs it). */
    public static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

    /** Skips a test where Fashion-MNIST is not installed, saying how to install it. */
    public static void assumeFashionMnist() {
        assumeTrue(Files.isDirectory(FASHION), FASHION + " not found: apt-get install dataset-fashion-mnist");
    }

    @Test
    void theProjectsMnistIsRecognisedInBothSplits() {
        assertSame(DataSet.MNIST, Mnist.load(Mnist.DIR, true).dataSet());
        assertSame(DataSet.MNIST, Mnist.load(Mnist.DIR, false).dataSet());
    }

    @Test
    void fashionMnistFromDebiansPackageIsRecognisedInBothSplits() {
        assumeFashionMnist();
        Mnist train = Mnist.load(FASHION, true), test = Mnist.load(FASHION, false);
        assertSame(DataSet.FASHION_MNIST, train.dataSet());
        assertSame(DataSet.FASHION_MNIST, test.dataSet());
        assertEquals(60_000, train.count());
        int[] perClass = new int[10];
        for (int i = 0; i < test.count(); i++) {
            perClass[test.label(i)]++;
        }
        for (int c = 0; c < 10; c++) {
            assertEquals(1000, perClass[c], "Fashion-MNIST's test split has 1000 images of each class");
        }
    }

    @Test
    void aSubsetKeepsItsDataSet() {
        Mnist test = Mnist.load(Mnist.DIR, false);
        assertSame(DataSet.MNIST, test.subset(new int[] {5, 6, 7}).dataSet());
    }

    @Test
    void labelsThatAreNeitherAreUnrecognised() {
        Mnist test = Mnist.load(Mnist.DIR, false);
        byte[] labels = new byte[test.count()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (byte) test.label(i);
        }
        assertSame(DataSet.MNIST, DataSet.recognise(labels));
        labels[1234] = (byte) ((labels[1234] + 1) % 10);       // one label changed
        assertSame(DataSet.UNRECOGNISED, DataSet.recognise(labels));
        assertSame(DataSet.UNRECOGNISED, new Mnist(new byte[4], new byte[1], 2, 2).dataSet());
    }

    @Test
    void eachDataSetNamesItsTenLabels() {
        assertEquals("7", DataSet.MNIST.className(7));
        assertEquals("digit_7", DataSet.MNIST.key(7));
        assertEquals("T-shirt/top", DataSet.FASHION_MNIST.className(0));
        assertEquals("Sneaker", DataSet.FASHION_MNIST.className(7));
        assertEquals("ankle_boot", DataSet.FASHION_MNIST.key(9));
        assertEquals("label_3", DataSet.UNRECOGNISED.key(3));
    }
}
