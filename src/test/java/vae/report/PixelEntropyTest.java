package vae.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import vae.data.Mnist;

class PixelEntropyTest {

    @Test
    void blackAndWhitePixelsCostNothingAndAGreyOfOneHalfCostsLogTwo() {
        // two images of 2 pixels: (0, 255) and (0, 128); 128/255 is not quite one half
        Mnist data = new Mnist(new byte[] {0, (byte) 255, 0, (byte) 128}, new byte[] {0, 1}, 1, 2);
        double x = 128 / 255.0;
        double h = -(x * Math.log(x) + (1 - x) * Math.log(1 - x));
        assertEquals(h / 2, PixelEntropy.mean(data), 1e-6);
        assertEquals(Math.log(2), h, 1e-4);
    }

    @Test
    void mnistsTestImagesHoldAbout45NatsOfTheirOwn() {
        assertEquals(45.53, PixelEntropy.mean(Mnist.load(Mnist.DIR, false)), 0.01);
    }
}
