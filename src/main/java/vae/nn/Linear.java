package vae.nn;

import vae.tensor.Kernels;
import vae.tensor.Tensor;

/**
 * A fully connected layer, PyTorch's {@code nn.Linear(IN, OUT)}: {@code y = x·Wᵀ + b}, with W of
 * shape (OUT, IN). It owns its output and input-gradient buffers, sized once for the largest batch.
 */
public final class Linear {
    public final Parameter weight; // (OUT, IN)
    public final Parameter bias;   // (1, OUT)
    public final int in;
    public final int out;
    private final Kernels k;
    private final Tensor y;        // (maxB, OUT): the output of the last forward
    private final Tensor dx;       // (maxB, IN): the input's gradient, or null if nobody needs it
    private Tensor x;              // the input of the last forward, kept for backward

    public Linear(Kernels k, String name, int in, int out, int maxBatch, boolean needsInputGrad) {
        this.k = k;
        this.in = in;
        this.out = out;
        this.weight = new Parameter(name + ".weight", k.allocate(out, in), k.allocate(out, in));
        this.bias = new Parameter(name + ".bias", k.allocate(1, out), k.allocate(1, out), true);
        this.y = k.allocate(maxBatch, out);
        this.dx = needsInputGrad ? k.allocate(maxBatch, in) : null;
    }

    //> linear init
    /**
     * PyTorch's default initialisation: {@code kaiming_uniform_(W, a=√5)} works out to
     * W ~ U(-1/√IN, 1/√IN), and the bias is drawn from the same range.
     */
    public void initialize(Rng rng) {
        double bound = 1.0 / Math.sqrt(in);
        float[] w = new float[out * in];
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.uniform(-bound, bound);
        }
        float[] b = new float[out];
        for (int i = 0; i < b.length; i++) {
            b[i] = rng.uniform(-bound, bound);
        }
        k.upload(w, w.length, weight.value);
        k.upload(b, b.length, bias.value);
    }
    //< linear init

    //> linear forward-backward
    // x is (B, IN); returns y, (B, OUT)
    public Tensor forward(Tensor x, int B) {
        this.x = x;
        k.linearForward(x, weight.value, bias.value, y, B);
        return y;
    }

    // dy is (B, OUT); returns dx, (B, IN), or null when the input needs none; sets dW and db
    public Tensor backward(Tensor dy, int B) {
        if (dx != null) {
            k.linearBackwardInput(dy, weight.value, dx, B, false);
        }
        k.linearBackwardParams(dy, x, weight.grad, bias.grad, B);
        return dx;
    }

    // as backward, but adds dy·W to dxSum: for an input that feeds two layers
    public void backwardAdding(Tensor dy, Tensor dxSum, int B) {
        k.linearBackwardInput(dy, weight.value, dxSum, B, true);
        k.linearBackwardParams(dy, x, weight.grad, bias.grad, B);
    }
    //< linear forward-backward

    public Tensor output() {
        return y;
    }
}
