package vae.opencl;

/**
 * For {@link OpenClProbeTest}'s child JVM: prints what {@link OpenClKernels#available()} says, then
 * what the constructor says, one line each.
 */
public final class ProbeMain {
    private ProbeMain() {
    }

    public static void main(String[] args) {
        System.out.println(OpenClKernels.available().orElse("available"));
        try (OpenClKernels k = new OpenClKernels()) {
            System.out.println("opened " + k.device());
        } catch (OpenClUnavailableException e) {
            System.out.println(e.getMessage());
        }
    }
}
