package vae.model;

import vae.tensor.Kernels;
import vae.tensor.Tensor;

/**
 * The seed's loss, summed over the pixels and the batch:
 * <pre>
 *   loss = BCE(x̂, x) + KL( N(μ, σ²) ‖ N(0, I) )
 * </pre>
 * The seed computes {@code x̂ = sigmoid(a)} and then {@code binary_cross_entropy(x̂, x, reduction='sum')},
 * that is {@code -Σ [x·log x̂ + (1-x)·log(1-x̂)]}. We never form x̂. With {@code log σ(a) = -log(1+e^-a)}
 * and {@code log(1-σ(a)) = -a - log(1+e^-a)}, each pixel's term is
 * <pre>
 *   -[x·log σ(a) + (1-x)·log(1-σ(a))] = a - a·x + log(1 + e^-a) = max(a,0) - a·x + log(1 + e^-|a|)
 * </pre>
 * (the last form is the same number for either sign of a, and its exp never overflows). It is the
 * same function as the seed's, without its failure: in float32 σ(a) rounds to exactly 1 once a > 17,
 * so {@code log(1 - x̂)} is {@code log 0}, which PyTorch clamps to -100 and whose gradient it loses.
 * Its gradient with respect to the logits is simply {@code σ(a) - x}.
 *
 * <p>The KL term is {@code -½ Σ (1 + log σ² - μ² - σ²)}; its gradient is added by {@link Vae#backward}.
 * A plain autoencoder ({@link ModelKind#AE}) has none: its loss is the BCE alone.
 */
public final class VaeLoss {
    private final Kernels k;
    private final boolean variational; // false for the plain autoencoder: no KL term
    private final Tensor dLogits; // (maxB, IN)
    private final Tensor rowBce;  // (maxB, 1)
    private final Tensor rowKl;   // (maxB, 1)
    private final float[] bceRows;
    private final float[] klRows;
    private double bce;
    private double kl;

    public VaeLoss(Kernels k, VaeConfig c, int maxBatch) {
        this.k = k;
        this.variational = c.kind().variational();
        this.dLogits = k.allocate(maxBatch, c.input());
        this.rowBce = k.allocate(maxBatch, 1);
        this.rowKl = k.allocate(maxBatch, 1);
        this.bceRows = new float[maxBatch];
        this.klRows = new float[maxBatch];
    }

    //> loss compute
    // logits and x are (B, IN), mu and logvar (B, Z): sums the loss over the batch, sets dLogits.
    // A plain autoencoder's loss is the BCE alone (its logvar is null, its KL 0).
    public void compute(Tensor logits, Tensor x, Tensor mu, Tensor logvar, int B) {
        k.bceWithLogits(logits, x, dLogits, rowBce, B);
        k.download(rowBce, B, bceRows);
        if (variational) {
            k.klForward(mu, logvar, rowKl, B);
            k.download(rowKl, B, klRows);
        }
        bce = 0;
        kl = 0;
        for (int r = 0; r < B; r++) { // in row order, in double: the same sum for any kernels
            bce += bceRows[r];
            kl += klRows[r];
        }
    }
    //< loss compute

    /** BCE summed over the batch. */
    public double bce() {
        return bce;
    }

    /** KL summed over the batch. */
    public double kl() {
        return kl;
    }

    public double total() {
        return bce + kl;
    }

    /** Per-image BCE of row r of the last batch. */
    public float bce(int r) {
        return bceRows[r];
    }

    /** Per-image KL of row r of the last batch. */
    public float kl(int r) {
        return klRows[r];
    }

    /** The gradient of the summed loss at the decoder's logits, (B, IN). */
    public Tensor dLogits() {
        return dLogits;
    }
}
