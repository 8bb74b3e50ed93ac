package vae.tensor;

/**
 * A matrix of floats, {@code rows × cols}, stored row-major wherever its {@link Kernels} keep
 * it: in a Java array for the CPU kernels, in device memory for the OpenCL ones.
 *
 * <p>A tensor is allocated once, for the largest batch, and reused for every batch; kernels are
 * told how many rows ({@code B}) are in use. Nothing else about it is known to the model.
 */
public abstract class Tensor {
    public final int rows;
    public final int cols;

    protected Tensor(int rows, int cols) {
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("tensor shape must be positive: " + rows + "x" + cols);
        }
        this.rows = rows;
        this.cols = cols;
    }

    /** Number of floats it holds. */
    public int size() {
        return rows * cols;
    }

    @Override
    public String toString() {
        return "Tensor[" + rows + "x" + cols + "]";
    }
}
