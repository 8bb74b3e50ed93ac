package vae.report;

import vae.data.Mnist;
import vae.model.Vae;
import vae.tensor.Kernels;
import vae.tensor.Tensor;

/**
 * The two directions every figure and measurement takes through a trained model: images to
 * their latent means μ (the encoder, batch by batch), and latent points z to images (the
 * decoder, then the sigmoid, batch by batch). Batches are at most the model's {@code maxBatch}
 * rows; the buffers are made once.
 */
public final class Latents {
    private final Vae model;
    private final Kernels k;
    private final int input;
    private final int latent;
    private final Tensor x;      // (maxB, IN)
    private final Tensor z;      // (maxB, Z)
    private final Tensor pixels; // (maxB, IN)
    private final float[] imageBuffer;
    private final float[] codeBuffer;

    public Latents(Vae model, Kernels k) {
        this.model = model;
        this.k = k;
        this.input = model.config.input();
        this.latent = model.config.latent();
        this.x = k.allocate(model.maxBatch, input);
        this.z = k.allocate(model.maxBatch, latent);
        this.pixels = k.allocate(model.maxBatch, input);
        this.imageBuffer = new float[model.maxBatch * input];
        this.codeBuffer = new float[model.maxBatch * latent];
    }

    public Vae model() {
        return model;
    }

    public Kernels kernels() {
        return k;
    }

    /** The images of the last {@link #encode}, (B, IN), 0..1. */
    public Tensor x() {
        return x;
    }

    /** Encodes images order[from .. from+B): afterwards {@code model().mu()} and {@code logvar()} hold them. */
    public void encode(Mnist data, int[] order, int from, int B) {
        checkShape(data);
        k.uploadImages(data.imageBytes(), data.imageSize(), order, from, B, x);
        model.encode(x, B);
    }

    //> figures encode
    // the latent mean μ of every image of data, (n, Z)
    public float[][] means(Mnist data) {
        return means(data, identity(data.count()));
    }

    // the latent means of the images indices, (indices.length, Z), in that order
    public float[][] means(Mnist data, int[] indices) {
        float[][] codes = new float[indices.length][latent];
        for (int from = 0; from < indices.length; from += model.maxBatch) {
            int B = Math.min(model.maxBatch, indices.length - from);
            encode(data, indices, from, B);
            k.download(model.mu(), B * latent, codeBuffer);
            for (int r = 0; r < B; r++) {
                System.arraycopy(codeBuffer, r * latent, codes[from + r], 0, latent);
            }
        }
        return codes;
    }
    //< figures encode

    //> figures decode
    // codes is (n, Z); returns the decoded images σ(decoder(z)), (n, IN), each pixel 0..1
    public float[][] decode(float[][] codes) {
        float[][] images = new float[codes.length][input];
        for (int from = 0; from < codes.length; from += model.maxBatch) {
            int B = Math.min(model.maxBatch, codes.length - from);
            for (int r = 0; r < B; r++) {
                System.arraycopy(codes[from + r], 0, codeBuffer, r * latent, latent);
            }
            k.sigmoidForward(decodeLogits(codeBuffer, B), pixels, B);
            k.download(pixels, B * input, imageBuffer);
            for (int r = 0; r < B; r++) {
                System.arraycopy(imageBuffer, r * input, images[from + r], 0, input);
            }
        }
        return images;
    }

    // codes holds B points of Z floats, row after row; returns the decoder's logits, (B, IN)
    public Tensor decodeLogits(float[] codes, int B) {
        k.upload(codes, B * latent, z);
        return model.decode(z, B);
    }
    //< figures decode

    /** The reconstructions of the images indices, decoded from their means μ (no sampling). */
    public float[][] reconstruct(Mnist data, int[] indices) {
        return decode(means(data, indices));
    }

    /** The images indices as the model sees them, (indices.length, IN), 0..1. */
    public static float[][] images(Mnist data, int[] indices) {
        float[][] images = new float[indices.length][data.imageSize()];
        for (int i = 0; i < indices.length; i++) {
            data.copyImages(indices, i, 1, images[i]);
        }
        return images;
    }

    /** 0, 1, ..., n-1. */
    public static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    private void checkShape(Mnist data) {
        if (data.imageSize() != input) {
            throw new ReportException("the images have " + data.imageSize() + " pixels but the model reads "
                    + input);
        }
    }
}
