package vae.opencl;

import org.jocl.CL;
import org.jocl.cl_mem;
import vae.tensor.Tensor;

/**
 * A tensor in the memory of an OpenCL device: one buffer of {@code rows × cols} floats, row-major,
 * zero when made. The host never sees it except through {@link OpenClKernels#upload} and
 * {@link OpenClKernels#download}.
 */
public final class DeviceTensor extends Tensor {
    final cl_mem buffer;
    final OpenClDevice device;
    private boolean released;

    DeviceTensor(OpenClDevice device, int rows, int cols) {
        super(rows, cols);
        this.device = device;
        this.buffer = device.buffer(rows * cols);
    }

    void release() {
        if (!released) {
            released = true;
            CL.clReleaseMemObject(buffer);
        }
    }

    boolean released() {
        return released;
    }

    @Override
    public String toString() {
        return "DeviceTensor[" + rows + "x" + cols + "]";
    }
}
