package vae.checkpoint;

import java.util.Arrays;

/**
 * One tensor of a safetensors file: its name, its shape as PyTorch writes it ({@code [OUT, IN]}
 * for a weight, {@code [OUT]} for a bias) and its floats, row-major.
 */
public record NamedTensor(String name, int[] shape, float[] data) {

    public NamedTensor {
        if (elements(shape) != data.length) {
            throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " holds "
                    + elements(shape) + " floats, the data has " + data.length);
        }
    }

    /** Number of elements of a shape: the product of its sizes (1 for a scalar, shape []). */
    public static long elements(int[] shape) {
        long n = 1;
        for (int size : shape) {
            n *= size;
        }
        return n;
    }

    public boolean hasShape(int... expected) {
        return Arrays.equals(shape, expected);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
