package vae.report;

import vae.data.Mnist;

/**
 * The floor under every reconstruction loss of this project: the binary cross-entropy of the
 * images against themselves. The loss treats a pixel of intensity x in [0, 1] as the probability
 * of a Bernoulli variable and scores a prediction p by {@code -[x log p + (1 - x) log (1 - p)]},
 * which is smallest at p = x, and there it is not zero but the Bernoulli entropy
 * {@code H(x) = -[x log x + (1 - x) log (1 - x)]}: log 2 = 0.693 nats for a grey of 0.5, nothing for
 * pure black or white. A perfect model of every image would still score Σᵢ H(xᵢ) per image. MNIST's
 * test images: 45.5 nats; Fashion-MNIST's, whose cloth is grey, 189.9.
 */
public final class PixelEntropy {
    private PixelEntropy() {
    }

    //> pixel entropy
    // the mean over the images of data of Σ_i H(x_i), in nats
    public static double mean(Mnist data) {
        double[] entropyOfByte = new double[256];         // a pixel is one of 256 values: H of each, once
        for (int b = 0; b < 256; b++) {
            double x = Mnist.toFloat((byte) b);
            entropyOfByte[b] = -(xLogX(x) + xLogX(1 - x));
        }
        double sum = 0;
        for (int i = 0; i < data.count(); i++) {
            for (int p = 0; p < data.imageSize(); p++) {
                sum += entropyOfByte[data.pixelByte(i, p)];
            }
        }
        return sum / data.count();
    }

    private static double xLogX(double x) {
        return x == 0 ? 0 : x * Math.log(x);              // x log x → 0 as x → 0
    }
    //< pixel entropy
}
