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

    public Parameter(String name, Tensor value, Tensor grad) {
        this.name = name;
        this.value = value;
        this.grad = grad;
    }

    /** The shape as PyTorch writes it: a bias is a vector, [OUT]; a weight is [OUT, IN]. */
    public int[] shape() {
        return value.rows == 1 ? new int[] {value.cols} : new int[] {value.rows, value.cols};
    }

    @Override
    public String toString() {
        return name + value;
    }
}
