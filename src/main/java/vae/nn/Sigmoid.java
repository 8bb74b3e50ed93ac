package vae.nn;

import vae.tensor.Kernels;
import vae.tensor.Tensor;

/**
 * PyTorch's {@code nn.Sigmoid()}: {@code y = 1 / (1 + exp(-a))}, with {@code dy/da = y·(1 - y)}.
 * Training never calls its backward: the loss takes the decoder's logits and folds the sigmoid
 * into a stable cross-entropy (see {@link vae.model.VaeLoss}). It turns logits into pixels.
 */
public final class Sigmoid {
    private final Kernels k;
    private final Tensor y;  // (maxB, N)
    private final Tensor da; // (maxB, N)

    public Sigmoid(Kernels k, int maxBatch, int n) {
        this.k = k;
        this.y = k.allocate(maxBatch, n);
        this.da = k.allocate(maxBatch, n);
    }

    //> sigmoid forward-backward
    // a is (B, N); returns y, (B, N)
    public Tensor forward(Tensor a, int B) {
        k.sigmoidForward(a, y, B);
        return y;
    }

    // dy is (B, N); returns da = dy·y·(1 - y)
    public Tensor backward(Tensor dy, int B) {
        k.sigmoidBackward(y, dy, da, B);
        return da;
    }
    //< sigmoid forward-backward
}
