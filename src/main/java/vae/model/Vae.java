package vae.model;

import java.util.List;
import vae.nn.Linear;
import vae.nn.Parameter;
import vae.nn.Relu;
import vae.nn.Rng;
import vae.tensor.Kernels;
import vae.tensor.Tensor;

/**
 * The seed's variational autoencoder, layer for layer:
 * <pre>
 *   encoder:  x (784) → fc1 → ReLU → (400) → fc2 → (10)
 *   heads:    (10) → mu_layer → μ (2),  (10) → logvar_layer → log σ² (2)
 *   sample:   z = μ + ε·exp(½ log σ²),  ε ~ N(0, I)
 *   decoder:  z (2) → fc1 → ReLU → (10) → fc2 → ReLU → (400) → fc3 → logits (784) → sigmoid
 * </pre>
 * The forward pass stops at the logits: the loss applies the sigmoid inside a stable
 * cross-entropy.
 *
 * <p>With {@link ModelKind#AE} it is a plain autoencoder of the same shape: no {@code logvar_layer},
 * no noise (z = μ) and no KL term, so the loss is the reconstruction error alone.
 */
public final class Vae {
    public final VaeConfig config;
    public final int maxBatch;
    private final Kernels k;
    private final Relu relu;

    final Linear encoderFc1, encoderFc2, muLayer, logvarLayer;
    final Linear decoderFc1, decoderFc2, decoderFc3;

    private final Tensor z;       // (maxB, Z)
    private final Tensor dMu;     // (maxB, Z)
    private final Tensor dLogvar; // (maxB, Z)
    private Tensor mu, logvar, eps;

    public Vae(Kernels k, VaeConfig c, int maxBatch) {
        this.k = k;
        this.config = c;
        this.maxBatch = maxBatch;
        this.relu = new Relu(k);
        //> vae layers
        encoderFc1 = new Linear(k, "encoder.fc1", c.input(), c.hidden(), maxBatch, false);
        encoderFc2 = new Linear(k, "encoder.fc2", c.hidden(), c.feature(), maxBatch, true);
        muLayer = new Linear(k, "mu_layer", c.feature(), c.latent(), maxBatch, true);
        logvarLayer = c.kind().variational()    // the plain autoencoder has the μ head alone
                ? new Linear(k, "logvar_layer", c.feature(), c.latent(), maxBatch, false) : null;
        decoderFc1 = new Linear(k, "decoder.fc1", c.latent(), c.feature(), maxBatch, true);
        decoderFc2 = new Linear(k, "decoder.fc2", c.feature(), c.hidden(), maxBatch, true);
        decoderFc3 = new Linear(k, "decoder.fc3", c.hidden(), c.input(), maxBatch, true);
        //< vae layers
        z = k.allocate(maxBatch, c.latent());
        dMu = k.allocate(maxBatch, c.latent());
        dLogvar = k.allocate(maxBatch, c.latent());
    }

    /** Every layer in the order PyTorch creates them (and lists them in its state_dict). */
    public List<Linear> layers() {
        if (logvarLayer == null) {
            return List.of(encoderFc1, encoderFc2, muLayer, decoderFc1, decoderFc2, decoderFc3);
        }
        return List.of(encoderFc1, encoderFc2, muLayer, logvarLayer, decoderFc1, decoderFc2, decoderFc3);
    }

    /** Weight then bias of every layer, in state_dict order. */
    public List<Parameter> parameters() {
        return layers().stream().flatMap(l -> java.util.stream.Stream.of(l.weight, l.bias)).toList();
    }

    /** PyTorch's default initialisation, drawn layer by layer from one generator. */
    public void initialize(long seed) {
        Rng rng = new Rng(seed);
        for (Linear layer : layers()) {
            layer.initialize(rng);
        }
    }

    //> vae forward
    // x is (B, IN); sets μ and log σ², both (B, Z)
    public void encode(Tensor x, int B) {
        Tensor h = relu.forward(encoderFc1.forward(x, B), B);
        Tensor features = encoderFc2.forward(h, B);
        mu = muLayer.forward(features, B);
        logvar = logvarLayer == null ? null : logvarLayer.forward(features, B);
    }

    //> vae reparameterize
    // eps is (B, Z), drawn from N(0, I) by the caller; returns z = μ + ε·σ, (B, Z).
    // The plain autoencoder draws nothing: its z is μ itself.
    public Tensor reparameterize(Tensor eps, int B) {
        if (!config.kind().variational()) {
            return mu;
        }
        this.eps = eps;
        k.reparameterize(mu, logvar, eps, z, B);
        return z;
    }
    //< vae reparameterize

    // z is (B, Z); returns the logits of the pixels, (B, IN)
    public Tensor decode(Tensor z, int B) {
        Tensor h1 = relu.forward(decoderFc1.forward(z, B), B);
        Tensor h2 = relu.forward(decoderFc2.forward(h1, B), B);
        return decoderFc3.forward(h2, B);
    }

    public Tensor forward(Tensor x, Tensor eps, int B) {
        encode(x, B);
        return decode(reparameterize(eps, B), B);
    }
    //< vae forward

    //> vae backward
    // dLogits is (B, IN), the loss's gradient at the logits. Fills every parameter's gradient.
    // The layers in reverse, each ReLU's gradient passing where its output was positive.
    public void backward(Tensor dLogits, int B) {
        Tensor dH2 = relu.backward(decoderFc2.output(), decoderFc3.backward(dLogits, B), B);
        Tensor dH1 = relu.backward(decoderFc1.output(), decoderFc2.backward(dH2, B), B);
        Tensor dZ = decoderFc1.backward(dH1, B);

        //> vae backward heads
        Tensor dFeatures;
        if (config.kind().variational()) {
            // z = μ + ε·exp(½ log σ²): the gradient reaches μ and log σ² through z ...
            k.reparameterizeBackward(dZ, logvar, eps, dMu, dLogvar, B);
            // ... and directly, from the KL term of the loss, which reads μ and log σ² alone
            k.klBackward(mu, logvar, dMu, dLogvar, B);

            // both heads read the same features: their gradient is the sum of the two
            dFeatures = muLayer.backward(dMu, B);
            logvarLayer.backwardAdding(dLogvar, dFeatures, B);
        } else {
            // the plain autoencoder: z is μ, so μ's gradient is z's, and there is no KL term
            dFeatures = muLayer.backward(dZ, B);
        }
        //< vae backward heads

        Tensor dH = relu.backward(encoderFc1.output(), encoderFc2.backward(dFeatures, B), B);
        encoderFc1.backward(dH, B);
    }
    //< vae backward

    public Tensor mu() {
        return mu;
    }

    /** log σ² of the last {@link #encode}; null for the plain autoencoder, which has no such head. */
    public Tensor logvar() {
        return logvar;
    }
}
