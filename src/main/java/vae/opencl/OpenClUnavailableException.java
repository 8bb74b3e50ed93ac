package vae.opencl;

/**
 * There is no OpenCL to run on: no {@code libOpenCL.so}, no platform (driver) behind it, or no
 * device. The message is one line that says which, and how to get one.
 */
public final class OpenClUnavailableException extends RuntimeException {
    /** What to install, for every message. */
    public static final String HOW_TO_GET_ONE = "on Debian install the ICD loader ocl-icd-opencl-dev"
            + " and a driver: your GPU vendor's, or pocl-opencl-icd, which runs OpenCL on the CPU";

    OpenClUnavailableException(String what) {
        super("OpenCL is not available: " + oneLine(what) + "; " + HOW_TO_GET_ONE);
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
