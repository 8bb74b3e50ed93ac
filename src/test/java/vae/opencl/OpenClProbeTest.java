package vae.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without a platform, the probe and the constructor say so in one line that tells how to get one.
 * A child JVM sees no platform because its ICD loader is pointed at an empty folder of drivers
 * ({@code OCL_ICD_VENDORS}); on a machine without libOpenCL.so it sees none either way. So this
 * test runs everywhere.
 */
class OpenClProbeTest {

    @Test
    void withoutAPlatformBothSayWhyInOneLine(@TempDir Path noDrivers) throws IOException, InterruptedException {
        ProcessBuilder child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ProbeMain.class.getName());
        child.environment().put("OCL_ICD_VENDORS", noDrivers.toString());
        child.redirectErrorStream(true);
        Process process = child.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);

        List<String> lines = output.lines().toList();
        assertEquals(2, lines.size(), output);
        assertEquals(lines.get(0), lines.get(1), "the probe and the constructor give the same line");
        String line = lines.get(0);
        assertTrue(line.startsWith("OpenCL is not available: "), line);
        assertTrue(line.contains("no OpenCL platform") || line.contains("libOpenCL.so is not installed"), line);
        assertTrue(line.contains("ocl-icd-opencl-dev") && line.contains("pocl-opencl-icd"), line);
    }

    @Test
    void aDeviceThatIsNoGpuIsNamedInTheReasonAutoGives() {
        OpenClRuntime.assume();
        try (OpenClKernels k = new OpenClKernels()) {
            System.out.println("OpenCL device: " + k.device());
            assertEquals("opencl", k.name());
            boolean gpu = k.device().contains("(GPU,");
            assertEquals(gpu, OpenClKernels.gpuAvailable().isEmpty(), OpenClKernels.gpuAvailable().toString());
            if (!gpu) {
                assertTrue(OpenClKernels.gpuAvailable().orElseThrow().contains(k.device()));
            }
        }
    }
}
