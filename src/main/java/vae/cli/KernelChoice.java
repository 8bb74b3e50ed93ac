package vae.cli;

import vae.tensor.Kernels;
import vae.tensor.ScalarKernels;
import vae.tensor.VectorKernels;

/** Picks the kernels by name. */
final class KernelChoice {
    private KernelChoice() {
    }

    static void check(String name) {
        if (!name.equals("vector") && !name.equals("scalar")) {
            throw new IllegalArgumentException("--kernels must be vector or scalar, got '" + name + "'");
        }
    }

    static Kernels create(String name, int threads) {
        check(name);
        return name.equals("scalar") ? new ScalarKernels() : new VectorKernels(threads);
    }
}
