package vae.cli;

import java.io.PrintStream;
import java.util.Optional;
import picocli.CommandLine.Option;
import vae.opencl.OpenClKernels;
import vae.tensor.Kernels;
import vae.tensor.ScalarKernels;
import vae.fast.VectorKernels;

/**
 * The options every command shares to choose what computes: the device (CPU or an OpenCL
 * device), and on the CPU the kernels and the thread count. Mixed into each command.
 */
final class ComputeOptions {

    @Option(names = "--device", paramLabel = "cpu|opencl|auto",
            description = "cpu: Java kernels; opencl: the OpenCL kernels on the first OpenCL device; "
                    + "auto: OpenCL where a GPU exists, else the CPU (default: ${DEFAULT-VALUE}).")
    String device = "cpu";

    @Option(names = "--kernels", paramLabel = "vector|scalar",
            description = "On the CPU, vector: the Vector API kernels; scalar: the plain reference loops, slow "
                    + "(default: ${DEFAULT-VALUE}, or the system property vae.kernels).")
    String kernels = System.getProperty("vae.kernels", "vector");

    @Option(names = "--threads", description = "CPU threads for the kernels; results are identical for any count "
            + "(default: all cores, ${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    void check() {
        OptionCheck.atLeast("--threads", threads, 1);
        OptionCheck.atMost("--threads", threads, 1024);
        if (!kernels.equals("vector") && !kernels.equals("scalar")) {
            throw new IllegalArgumentException("--kernels must be vector or scalar, got '" + kernels + "'");
        }
        if (!device.equals("cpu") && !device.equals("opencl") && !device.equals("auto")) {
            throw new IllegalArgumentException("--device must be cpu, opencl or auto, got '" + device + "'");
        }
    }

    //> cli device
    /** The kernels the options ask for; {@code auto} says on {@code notes} which it took and why. */
    Kernels open(PrintStream notes) {
        check();
        if (device.equals("opencl")) {
            return new OpenClKernels(); // one clear line if there is no OpenCL runtime or device
        }
        if (device.equals("auto")) {
            Optional<String> noGpu = OpenClKernels.gpuAvailable();
            if (noGpu.isEmpty()) {
                return new OpenClKernels();
            }
            notes.println("--device auto: training on the CPU (" + noGpu.get() + ")");
        }
        return kernels.equals("scalar") ? new ScalarKernels() : new VectorKernels(threads);
    }
    //< cli device

    /** What computes, for the first line a command prints. */
    static String describe(Kernels k, int threads) {
        if (k instanceof OpenClKernels) {
            return "OpenCL on " + ((OpenClKernels) k).device();
        }
        return k.name() + " kernels, " + threads + " thread(s)";
    }
}
