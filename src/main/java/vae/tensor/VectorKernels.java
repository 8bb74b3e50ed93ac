package vae.tensor;

/** Placeholder until the Vector API kernels land: same results as the scalar reference. */
public class VectorKernels extends ScalarKernels {
    private final int threads;

    public VectorKernels(int threads) {
        this.threads = threads;
    }

    @Override
    public String name() {
        return "vector";
    }

    public int threads() {
        return threads;
    }
}
