package vae.tensor;

/**
 * The numbers of one Adam step, as {@code torch.optim.Adam} uses them: β1, β2 and ε, the step size
 * {@code lr / (1 - β1^t)} and {@code sqrt(1 - β2^t)} (what the second moment is divided by), the
 * last two computed by the caller in double precision, as PyTorch computes them in Python floats.
 */
public record AdamStep(double beta1, double beta2, double eps, double stepSize, double bc2Sqrt) {
}
