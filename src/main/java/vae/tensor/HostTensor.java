package vae.tensor;

//> tensor host
/** A tensor in the Java heap: one flat {@code float[]}, element (r, c) at {@code r * cols + c}. */
public final class HostTensor extends Tensor {
    public final float[] data;

    public HostTensor(int rows, int cols) {
        super(rows, cols);
        this.data = new float[rows * cols];
    }

    /** The array behind a tensor that a CPU kernel was handed. */
    static float[] data(Tensor t) {
        if (t instanceof HostTensor) {
            return ((HostTensor) t).data;
        }
        throw new IllegalArgumentException("expected a host tensor, got " + t.getClass().getSimpleName());
    }
}
//< tensor host
