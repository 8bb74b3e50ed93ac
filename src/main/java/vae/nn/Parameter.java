package vae.nn;

import vae.tensor.Tensor;

/**
 * A learnable tensor and its gradient, under the name PyTorch's {@code state_dict} gives it
 * (e.g. {@code encoder.fc1.weight}), so that checkpoints can be read by the seed's model.
 */
public final class Parameter {
    public final String name;
    public final Tensor value;
    public final Tensor grad;
    private final boolean vector;

    /** A matrix parameter (a weight, [OUT, IN] in PyTorch). */
    public Parameter(String name, Tensor value, Tensor grad) {
        this(name, value, grad, false);
    }

    /** With {@code vector}, PyTorch sees a 1-D tensor of {@code value.cols} (a bias, [OUT]). */
    public Parameter(String name, Tensor value, Tensor grad, boolean vector) {
        if (vector && value.rows != 1) {
            throw new IllegalArgumentException(name + ": a vector parameter is one row, got " + value);
        }
        this.name = name;
        this.value = value;
        this.grad = grad;
        this.vector = vector;
    }

    /** The shape as PyTorch writes it: a bias is a vector, [OUT]; a weight is [OUT, IN], even when OUT is 1. */
    public int[] shape() {
        return vector ? new int[] {value.cols} : new int[] {value.rows, value.cols};
    }

    @Override
    public String toString() {
        return name + value;
    }
}
