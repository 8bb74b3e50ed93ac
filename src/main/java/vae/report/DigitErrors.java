package vae.report;

import vae.data.Mnist;
import vae.model.Vae;
import vae.tensor.Kernels;
import vae.tensor.Tensor;

/**
 * How well each digit is reconstructed: the mean BCE between an image and its reconstruction,
 * per label 0..9. The reconstruction is decoded from the encoder's mean, z = μ, with no
 * sampling: it measures what the model has learnt to recover, without the noise of one draw of
 * ε (the test loss keeps that noise, as training does).
 */
public final class DigitErrors {
    public static final int DIGITS = 10;

    private final double[] sum = new double[DIGITS];
    private final int[] count = new int[DIGITS];

    private DigitErrors() {
    }

    //> digit errors
    public static DigitErrors measure(Latents latents, Kernels k, Mnist data) {
        Vae model = latents.model();
        Tensor dLogits = k.allocate(model.maxBatch, model.config.input());
        Tensor rowBce = k.allocate(model.maxBatch, 1);
        float[] bce = new float[model.maxBatch];
        int[] order = Latents.identity(data.count());
        DigitErrors errors = new DigitErrors();
        for (int from = 0; from < data.count(); from += model.maxBatch) {
            int B = Math.min(model.maxBatch, data.count() - from);
            latents.encode(data, order, from, B);
            Tensor logits = model.decode(model.mu(), B); // z = μ
            k.bceWithLogits(logits, latents.x(), dLogits, rowBce, B);
            k.download(rowBce, B, bce);
            for (int r = 0; r < B; r++) {
                errors.add(data.label(from + r), bce[r]);
            }
        }
        return errors;
    }
    //< digit errors

    private void add(int digit, double bce) {
        sum[digit] += bce;
        count[digit]++;
    }

    /** Mean BCE of the images of one digit; NaN when the data has none. */
    public double mean(int digit) {
        return count[digit] == 0 ? Double.NaN : sum[digit] / count[digit];
    }

    /** Mean BCE over all the images. */
    public double mean() {
        double total = 0;
        int images = 0;
        for (int d = 0; d < DIGITS; d++) {
            total += sum[d];
            images += count[d];
        }
        return images == 0 ? Double.NaN : total / images;
    }

    public int count(int digit) {
        return count[digit];
    }
}
