package vae.nn;

import vae.tensor.Kernels;
import vae.tensor.Tensor;

/** PyTorch's {@code nn.ReLU()}, in place: {@code y = max(a, 0)}; its gradient passes where y > 0. */
public final class Relu {
    private final Kernels k;

    public Relu(Kernels k) {
        this.k = k;
    }

    //> relu forward-backward
    // a is (B, N); becomes y = max(a, 0)
    public Tensor forward(Tensor a, int B) {
        k.reluForward(a, B);
        return a;
    }

    // y is the forward's output, dy its gradient (B, N); dy becomes the input's gradient
    public Tensor backward(Tensor y, Tensor dy, int B) {
        k.reluBackward(y, dy, B);
        return dy;
    }
    //< relu forward-backward
}
