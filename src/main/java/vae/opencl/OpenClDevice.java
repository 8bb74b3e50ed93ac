package vae.opencl;

import static org.jocl.CL.CL_DEVICE_MAX_WORK_GROUP_SIZE;
import static org.jocl.CL.CL_DEVICE_NAME;
import static org.jocl.CL.CL_DEVICE_SINGLE_FP_CONFIG;
import static org.jocl.CL.CL_DEVICE_TYPE;
import static org.jocl.CL.CL_DEVICE_TYPE_ALL;
import static org.jocl.CL.CL_DEVICE_TYPE_GPU;
import static org.jocl.CL.CL_DEVICE_VERSION;
import static org.jocl.CL.CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT;
import static org.jocl.CL.CL_PLATFORM_NAME;
import static org.jocl.CL.CL_PROGRAM_BUILD_LOG;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_platform_id;
import org.jocl.cl_program;

/**
 * One OpenCL device with its context, its command queue and the project's kernels built for it.
 * {@link #find} picks the device: the first GPU of any platform, else the first device of any kind.
 * Commands run in order on the one queue; only a read of a buffer waits for them.
 */
public final class OpenClDevice implements AutoCloseable {
    /** The kernel sources, under {@code src/main/resources/opencl/}, built as one program. */
    static final List<String> SOURCES = List.of("linear.cl", "activations.cl", "latent.cl", "loss.cl", "adam.cl");

    /** The device {@link #find} chose, described for messages. */
    record Found(cl_platform_id platform, cl_device_id device, String description, boolean gpu) {
    }

    public final String description;
    public final boolean gpu;
    /** Side of the square tiles of the matrix products: 16, or 8 on a device with small work-groups. */
    final int tile;
    /** Work-items of a one-dimensional work-group, and so of a row sum: 64, or fewer on a small device. */
    final int group;
    private final cl_device_id device;
    private final cl_context context;
    private final cl_command_queue queue;
    private final cl_program program;
    private final Map<String, cl_kernel> kernels = new HashMap<>();
    private boolean closed;
    private static String linkFailure; // once JOCL failed to load, every later call fails the same way

    @SuppressWarnings("deprecation") // clCreateCommandQueue: OpenCL 1.2's call, which 2.0 and 3.0 platforms keep
    private OpenClDevice(Found found) {
        this.description = found.description();
        this.gpu = found.gpu();
        this.device = found.device();
        //> opencl sizes
        long maxGroup = infoLong(device, CL_DEVICE_MAX_WORK_GROUP_SIZE);
        this.tile = maxGroup >= 256 ? 16 : 8;
        this.group = (int) Math.min(64, Long.highestOneBit(maxGroup));
        //< opencl sizes
        cl_context_properties props = new cl_context_properties();
        props.addProperty(CL.CL_CONTEXT_PLATFORM, found.platform());
        try {
            this.context = CL.clCreateContext(props, 1, new cl_device_id[] {device}, null, null, null);
            this.queue = CL.clCreateCommandQueue(context, device, 0, null);
        } catch (CLException e) {
            throw new OpenClUnavailableException(description + " cannot be used (" + e.getMessage() + ")");
        }
        try {
            this.program = build();
        } catch (RuntimeException e) {
            CL.clReleaseCommandQueue(queue);
            CL.clReleaseContext(context);
            throw e;
        }
    }

    /** Finds a device and builds the kernels for it; says in one line why it cannot. */
    public static OpenClDevice open() {
        return new OpenClDevice(find());
    }

    //> opencl find-device
    /** The first GPU of any platform, else the first device of any kind. */
    static synchronized Found find() {
        if (linkFailure != null) {
            throw new OpenClUnavailableException(linkFailure);
        }
        if (!OpenClLibrary.findable()) {
            throw new OpenClUnavailableException(OpenClLibrary.NAME + " is not installed");
        }
        try {
            CL.setExceptionsEnabled(true); // every CL error becomes a CLException
            Found any = null;
            for (cl_platform_id platform : platforms()) {
                for (cl_device_id device : devices(platform)) {
                    long type = infoLong(device, CL_DEVICE_TYPE);
                    boolean gpu = (type & CL_DEVICE_TYPE_GPU) != 0;
                    Found found = new Found(platform, device, describe(platform, device, type), gpu);
                    if (gpu) {
                        return found;
                    }
                    any = any == null ? found : any;
                }
            }
            if (any == null) {
                throw new OpenClUnavailableException("the OpenCL platforms have no device");
            }
            return any;
        } catch (LinkageError e) { // JOCL could not load libOpenCL.so, or its own native library
            linkFailure = missingLibrary(e);
            throw new OpenClUnavailableException(linkFailure);
        } catch (CLException e) {
            throw new OpenClUnavailableException("looking for a device failed (" + e.getMessage() + ")");
        }
    }
    //< opencl find-device

    private static cl_platform_id[] platforms() {
        int[] count = new int[1];
        try {
            CL.clGetPlatformIDs(0, null, count);
        } catch (CLException e) { // the ICD loader's CL_PLATFORM_NOT_FOUND_KHR: no driver is installed
            throw new OpenClUnavailableException("libOpenCL.so finds no OpenCL platform (" + e.getMessage() + ")");
        }
        if (count[0] == 0) {
            throw new OpenClUnavailableException("libOpenCL.so finds no OpenCL platform");
        }
        cl_platform_id[] platforms = new cl_platform_id[count[0]];
        CL.clGetPlatformIDs(count[0], platforms, null);
        return platforms;
    }

    private static cl_device_id[] devices(cl_platform_id platform) {
        int[] count = new int[1];
        try {
            CL.clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, 0, null, count);
        } catch (CLException e) { // CL_DEVICE_NOT_FOUND: a platform without devices
            return new cl_device_id[0];
        }
        cl_device_id[] devices = new cl_device_id[count[0]];
        CL.clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, count[0], devices, null);
        return devices;
    }

    private static String missingLibrary(LinkageError e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("libOpenCL") || message.contains("Implementation library")) {
            return "libOpenCL.so cannot be loaded";
        }
        return "JOCL cannot load its native library here (" + message.lines().findFirst().orElse("") + ")";
    }

    private static String describe(cl_platform_id platform, cl_device_id device, long type) {
        String kind = (type & CL_DEVICE_TYPE_GPU) != 0 ? "GPU" : (type & CL.CL_DEVICE_TYPE_CPU) != 0 ? "CPU" : "accelerator";
        return infoString(device, CL_DEVICE_NAME) + " (" + kind + ", " + infoString(platform, CL_PLATFORM_NAME)
                + ", " + infoString(device, CL_DEVICE_VERSION) + ")";
    }

    // ---- the program ----------------------------------------------------------------------------

    //> opencl build
    private cl_program build() {
        String[] sources = SOURCES.stream().map(OpenClDevice::source).toArray(String[]::new);
        cl_program p = CL.clCreateProgramWithSource(context, sources.length, sources, null, null);
        String options = "-DTILE=" + tile + " -DROW_GROUP=" + group;
        if ((infoLong(device, CL_DEVICE_SINGLE_FP_CONFIG) & CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT) != 0) {
            options += " -cl-fp32-correctly-rounded-divide-sqrt"; // as Java's / and sqrt round
        }
        try {
            CL.clBuildProgram(p, 1, new cl_device_id[] {device}, options, null, null);
        } catch (CLException e) {
            throw new IllegalStateException("the OpenCL kernels do not build on " + description + ":\n" + buildLog(p), e);
        }
        return p;
    }
    //< opencl build

    private static String source(String file) {
        try (InputStream in = OpenClDevice.class.getResourceAsStream("/opencl/" + file)) {
            if (in == null) {
                throw new IllegalStateException("the kernel source opencl/" + file + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String buildLog(cl_program p) {
        long[] size = new long[1];
        CL.clGetProgramBuildInfo(p, device, CL_PROGRAM_BUILD_LOG, 0, null, size);
        byte[] log = new byte[(int) size[0]];
        CL.clGetProgramBuildInfo(p, device, CL_PROGRAM_BUILD_LOG, log.length, Pointer.to(log), null);
        return new String(log, StandardCharsets.UTF_8).trim();
    }

    // ---- buffers and launches -------------------------------------------------------------------

    /** A buffer of {@code floats} floats, all zero. */
    cl_mem buffer(int floats) {
        float[] zeros = new float[floats];
        return CL.clCreateBuffer(context, CL.CL_MEM_READ_WRITE | CL.CL_MEM_COPY_HOST_PTR,
                (long) floats * Sizeof.cl_float, Pointer.to(zeros), null);
    }

    void write(float[] src, int n, cl_mem dst) {
        CL.clEnqueueWriteBuffer(queue, dst, true, 0, (long) n * Sizeof.cl_float, Pointer.to(src), 0, null, null);
    }

    /** Waits for every command before it, then copies. */
    void read(cl_mem src, int n, float[] dst) {
        CL.clEnqueueReadBuffer(queue, src, true, 0, (long) n * Sizeof.cl_float, Pointer.to(dst), 0, null, null);
    }

    //> opencl launch
    /**
     * Queues kernel {@code name} over a grid of {@code global} work-items in groups of {@code local}
     * (null: the driver chooses). Arguments are buffers, ints and floats, in the kernel's order.
     */
    void launch(String name, long[] global, long[] local, Object... args) {
        cl_kernel kernel = kernels.computeIfAbsent(name, n -> CL.clCreateKernel(program, n, null));
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof cl_mem m) {
                CL.clSetKernelArg(kernel, i, Sizeof.cl_mem, Pointer.to(m));
            } else if (args[i] instanceof Integer n) {
                CL.clSetKernelArg(kernel, i, Sizeof.cl_int, Pointer.to(new int[] {n}));
            } else if (args[i] instanceof Float f) {
                CL.clSetKernelArg(kernel, i, Sizeof.cl_float, Pointer.to(new float[] {f}));
            } else {
                throw new IllegalArgumentException(name + ": argument " + i + " is a " + args[i].getClass().getSimpleName());
            }
        }
        CL.clEnqueueNDRangeKernel(queue, kernel, global.length, null, global, local, 0, null, null);
    }
    //< opencl launch

    /** Waits until every queued command has finished. */
    void finish() {
        CL.clFinish(queue);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        CL.clFinish(queue);
        kernels.values().forEach(CL::clReleaseKernel);
        kernels.clear();
        CL.clReleaseProgram(program);
        CL.clReleaseCommandQueue(queue);
        CL.clReleaseContext(context);
    }

    // ---- queries ----------------------------------------------------------------------------------

    private static long infoLong(cl_device_id device, int param) {
        long[] value = new long[1];
        CL.clGetDeviceInfo(device, param, Sizeof.cl_long, Pointer.to(value), null);
        return value[0];
    }

    private static String infoString(cl_device_id device, int param) {
        long[] size = new long[1];
        CL.clGetDeviceInfo(device, param, 0, null, size);
        byte[] bytes = new byte[(int) size[0]];
        CL.clGetDeviceInfo(device, param, bytes.length, Pointer.to(bytes), null);
        return cString(bytes);
    }

    private static String infoString(cl_platform_id platform, int param) {
        long[] size = new long[1];
        CL.clGetPlatformInfo(platform, param, 0, null, size);
        byte[] bytes = new byte[(int) size[0]];
        CL.clGetPlatformInfo(platform, param, bytes.length, Pointer.to(bytes), null);
        return cString(bytes);
    }

    private static String cString(byte[] bytes) {
        int n = 0;
        while (n < bytes.length && bytes[n] != 0) {
            n++;
        }
        return new String(bytes, 0, n, StandardCharsets.US_ASCII).trim();
    }
}
