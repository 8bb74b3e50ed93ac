package vae.opencl;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Optional;

/**
 * Whether these tests can run: on a machine without an OpenCL runtime or device they are skipped,
 * with the reason in the report, never passed without running.
 */
public final class OpenClRuntime {
    public static final Optional<String> UNAVAILABLE = OpenClKernels.available();

    static {
        UNAVAILABLE.ifPresent(why -> System.out.println("The OpenCL tests are skipped. " + why));
    }

    private OpenClRuntime() {
    }

    /** Skips the calling test (or class, from {@code @BeforeAll}) where there is no OpenCL. */
    public static void assume() {
        assumeTrue(UNAVAILABLE.isEmpty(), () -> "skipped: " + UNAVAILABLE.orElse(""));
    }
}
