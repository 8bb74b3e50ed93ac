package vae.tensor;

/**
 * Every operation the VAE, its loss and Adam need, on {@link Tensor}s. The model and the trainer
 * speak only to this interface; {@link ScalarKernels} defines each operation in plain loops, the
 * fast kernels ({@code vae.fast.VectorKernels}) compute the same with the Vector API on all cores,
 * and a GPU implementation ({@code vae.opencl.OpenClKernels}) keeps the tensors in device memory.
 * How an implementation lays out its tensors, and how it shares its work between cores, is its
 * own business: a caller sees only these operations.
 *
 * <p>Shapes use short capitals: {@code B} rows in use (the batch), {@code IN} and {@code OUT} the
 * widths of a layer. A weight {@code w} is {@code (OUT, IN)}, as in PyTorch's {@code nn.Linear},
 * so a layer computes {@code y = x·wᵀ + b}. A gradient carries a {@code d} prefix. Outputs are
 * overwritten unless a method says it accumulates.
 */
public interface Kernels extends AutoCloseable {

    /** A short name for messages: "scalar", "vector", "opencl". */
    String name();

    // ---- memory -------------------------------------------------------------------------------

    /** A new tensor, filled with zeros; only these kernels read or write its elements. */
    Tensor allocate(int rows, int cols);

    /** Copies {@code src[0 .. n)} into the first {@code n} elements of {@code dst}. */
    void upload(float[] src, int n, Tensor dst);

    /** Copies the first {@code n} elements of {@code src} into {@code dst[0 .. n)}. */
    void download(Tensor src, int n, float[] dst);

    /**
     * Row k of dst, for k in {@code [0, count)}, becomes image {@code order[from + k]} of
     * {@code images} (P bytes each, one after another) as floats: each byte / 255, as
     * torchvision's {@code ToTensor} makes it ({@code Mnist.toFloat}). dst is (count, P) or larger.
     */
    void uploadImages(byte[] images, int P, int[] order, int from, int count, Tensor dst);

    //> kernels interface-linear
    // ---- linear layer: y = x·wᵀ + b ---------------------------------------------------------

    /** x is (B, IN), w is (OUT, IN), b is (1, OUT), y is (B, OUT): {@code y = x·wᵀ + b}. */
    void linearForward(Tensor x, Tensor w, Tensor b, Tensor y, int B);

    /**
     * dy is (B, OUT), w is (OUT, IN), dx is (B, IN): {@code dx = dy·w}, or {@code dx += dy·w}
     * when {@code accumulate} (a tensor read by two layers gets the sum of both gradients).
     */
    void linearBackwardInput(Tensor dy, Tensor w, Tensor dx, int B, boolean accumulate);

    /** dy is (B, OUT), x is (B, IN), dw is (OUT, IN), db is (1, OUT): {@code dw = dyᵀ·x}, {@code db = Σ_rows dy}. */
    void linearBackwardParams(Tensor dy, Tensor x, Tensor dw, Tensor db, int B);

    //< kernels interface-linear

    // ---- activations --------------------------------------------------------------------------

    /** y is (B, N), in place: {@code y = max(y, 0)}. */
    void reluForward(Tensor y, int B);

    /** y is the ReLU's output and dy its gradient, both (B, N); in place: {@code dy = y > 0 ? dy : 0}. */
    void reluBackward(Tensor y, Tensor dy, int B);

    /** a and y are (B, N): {@code y = 1 / (1 + exp(-a))}. */
    void sigmoidForward(Tensor a, Tensor y, int B);

    /** y is the sigmoid's output, dy its gradient, da the input's gradient, all (B, N): {@code da = dy·y·(1 - y)}. */
    void sigmoidBackward(Tensor y, Tensor dy, Tensor da, int B);

    // ---- the VAE's latent layer ---------------------------------------------------------------

    /** mu, logvar, eps and z are (B, Z): {@code z = mu + eps·exp(logvar / 2)}. */
    void reparameterize(Tensor mu, Tensor logvar, Tensor eps, Tensor z, int B);

    /**
     * dz is z's gradient, all (B, Z): {@code dmu = dz}, {@code dlogvar = dz·eps·exp(logvar / 2) / 2}
     * (overwritten).
     */
    void reparameterizeBackward(Tensor dz, Tensor logvar, Tensor eps, Tensor dmu, Tensor dlogvar, int B);

    // ---- the loss ---------------------------------------------------------------------------

    /**
     * logits, x and dlogits are (B, N), rowLoss is (B, 1). The binary cross-entropy of
     * {@code sigmoid(logits)} against x, computed stably from the logits:
     * {@code rowLoss[r] = Σ_c max(a,0) - a·x + log(1 + exp(-|a|))}, and its gradient
     * {@code dlogits = sigmoid(a) - x}.
     */
    void bceWithLogits(Tensor logits, Tensor x, Tensor dlogits, Tensor rowLoss, int B);

    /**
     * mu and logvar are (B, Z), rowKl is (B, 1): the KL divergence of N(mu, exp(logvar)) from
     * N(0, I), {@code rowKl[r] = -½ Σ_c (1 + logvar - mu² - exp(logvar))}.
     */
    void klForward(Tensor mu, Tensor logvar, Tensor rowKl, int B);

    /** Adds the KL term's gradient, all (B, Z): {@code dmu += mu}, {@code dlogvar += (exp(logvar) - 1) / 2}. */
    void klBackward(Tensor mu, Tensor logvar, Tensor dmu, Tensor dlogvar, int B);

    // ---- the optimiser ------------------------------------------------------------------------

    /**
     * One Adam update of every element of a parameter p with gradient g and moments m, v (all the
     * same shape), as {@code torch.optim.Adam} does it:
     * {@code m = β1·m + (1-β1)·g; v = β2·v + (1-β2)·g²; p -= stepSize · m / (sqrt(v) / bc2Sqrt + eps)},
     * where the caller computes {@code stepSize = lr / (1 - β1^t)} and {@code bc2Sqrt = sqrt(1 - β2^t)}
     * in double precision, as PyTorch does in Python floats; the update itself is in float.
     */
    void adamStep(Tensor p, Tensor g, Tensor m, Tensor v, AdamStep adam);

    /** Frees whatever the kernels hold (threads, device memory). */
    @Override
    void close();
}
