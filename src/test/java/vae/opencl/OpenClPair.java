package vae.opencl;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import vae.opencl.OpenClKernels.Products;

/**
 * What the OpenCL test classes share: the kernels twice, with the tiled and with the naive
 * products, opened once per class and closed after it; and every test reported skipped, with the
 * reason, where there is no OpenCL runtime.
 */
public abstract class OpenClPair {
    protected static OpenClKernels tiled;
    protected static OpenClKernels naive;

    @BeforeAll
    static void open() {
        if (OpenClRuntime.UNAVAILABLE.isEmpty()) {
            tiled = new OpenClKernels(Products.TILED);
            naive = new OpenClKernels(Products.NAIVE);
        }
    }

    @BeforeEach
    void skipWithoutOpenCl() { // each test is reported skipped, with the reason
        OpenClRuntime.assume();
    }

    @AfterAll
    static void close() {
        if (tiled != null) {
            tiled.close();
            naive.close();
            tiled = null;
            naive = null;
        }
    }
}
