package vae.train;

import vae.data.Mnist;
import vae.model.VaeConfig;
import vae.nn.Rng;
import vae.tensor.Kernels;
import vae.tensor.Tensor;

/**
 * One batch on its way to the kernels: the images as floats and the noise ε of the
 * reparameterisation. The buffers are made once; every batch reuses them.
 */
public final class Batch {
    public final Tensor x;   // (maxB, IN)
    public final Tensor eps; // (maxB, Z)
    private final Kernels k;
    private final float[] noise;
    private final int latent;

    public Batch(Kernels k, VaeConfig c, int maxBatch) {
        this.k = k;
        this.x = k.allocate(maxBatch, c.input());
        this.eps = k.allocate(maxBatch, c.latent());
        this.noise = new float[maxBatch * c.latent()];
        this.latent = c.latent();
    }

    //> batch load
    /** Loads images order[from .. from+B) and draws ε ~ N(0, I) for each from rng. */
    public void load(Mnist data, int[] order, int from, int B, Rng rng) {
        k.uploadImages(data.imageBytes(), data.imageSize(), order, from, B, x);   // bytes / 255, like ToTensor
        rng.fillGaussian(noise, B * latent);
        k.upload(noise, B * latent, eps);
    }
    //< batch load
}
