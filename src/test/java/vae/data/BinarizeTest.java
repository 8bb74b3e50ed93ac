package vae.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import vae.nn.Purpose;

/** Black-and-white MNIST: bits whose mean is the grey images' mean, drawn the same from the same seed. */
class BinarizeTest {
    static final Mnist TEST = Mnist.load(Mnist.DIR, false);

    static byte[] pixels(Mnist m) {
        byte[] p = new byte[m.count() * m.imageSize()];
        for (int i = 0; i < m.count(); i++) {
            for (int j = 0; j < m.imageSize(); j++) {
                p[i * m.imageSize() + j] = (byte) m.pixelByte(i, j);
            }
        }
        return p;
    }

    @Test
    void everyPixelIsBlackOrWhiteAndTheirMeanIsTheIntensitysMean() {
        Mnist bits = TEST.binarized(42, Purpose.TEST_BITS, 0);
        double grey = 0, white = 0, variance = 0;
        long n = (long) TEST.count() * TEST.imageSize();
        for (int i = 0; i < TEST.count(); i++) {
            for (int p = 0; p < TEST.imageSize(); p++) {
                int b = bits.pixelByte(i, p);
                assertTrue(b == 0 || b == 255, "a bit is 0 or 255, not " + b);
                double x = TEST.pixel(i, p);
                grey += x;
                variance += x * (1 - x);
                white += b / 255;
            }
        }
        // the count of white pixels is a sum of n independent Bernoulli(x): its mean Σx, its variance Σx(1-x)
        double sigma = Math.sqrt(variance);
        assertEquals(grey, white, 5 * sigma, "white pixels " + white + " against Σx = " + grey + " (σ " + sigma + ")");
        assertTrue(Math.abs(white - grey) > 0, "a draw, not a rounding");
        for (int i = 0; i < TEST.count(); i += 997) {
            assertEquals(TEST.label(i), bits.label(i));
        }
        assertSame(TEST.dataSet(), bits.dataSet());
    }

    @Test
    void theSameSeedAndPassDrawTheSameBitsAndAnotherPassOthers() {
        Mnist few = TEST.subset(new int[] {0, 1, 2, 3});
        assertArrayEquals(pixels(few.binarized(7, Purpose.TRAIN_BITS, 3)), pixels(few.binarized(7, Purpose.TRAIN_BITS, 3)));
        assertFalse(java.util.Arrays.equals(pixels(few.binarized(7, Purpose.TRAIN_BITS, 3)), pixels(few.binarized(7, Purpose.TRAIN_BITS, 4))));
        assertFalse(java.util.Arrays.equals(pixels(few.binarized(7, Purpose.TRAIN_BITS, 3)), pixels(few.binarized(8, Purpose.TRAIN_BITS, 3))));
        // black and white pixels stay as they are, whatever the draw
        for (int p = 0; p < few.imageSize(); p++) {
            int b = few.pixelByte(0, p);
            if (b == 0 || b == 255) {
                assertEquals(b, few.binarized(7, Purpose.TRAIN_BITS, 3).pixelByte(0, p));
            }
        }
    }

    @Test
    void dynamicDrawsEveryEpochAnewFixedOnceNoneNever() {
        Mnist few = TEST.subset(new int[] {0, 1, 2, 3});
        assertFalse(java.util.Arrays.equals(pixels(Binarize.DYNAMIC.trainingImages(few, 42, 1)),
                pixels(Binarize.DYNAMIC.trainingImages(few, 42, 2))));
        Mnist fixed = Binarize.FIXED.loadedTraining(few, 42);
        assertSame(fixed, Binarize.FIXED.trainingImages(fixed, 42, 5));
        assertSame(few, Binarize.NONE.trainingImages(few, 42, 5));
        assertSame(few, Binarize.NONE.heldOut(few, 42, 0));
        assertArrayEquals(pixels(Binarize.DYNAMIC.heldOut(few, 42, 0)), pixels(Binarize.FIXED.heldOut(few, 42, 0)),
                "one fixed draw of the test images, however the training images are drawn");
        assertEquals(Binarize.DYNAMIC, Binarize.of("dynamic"));
    }
}
