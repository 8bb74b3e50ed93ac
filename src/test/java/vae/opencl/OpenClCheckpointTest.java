package vae.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vae.checkpoint.Checkpoint;
import vae.model.Vae;
import vae.model.VaeConfig;
import vae.model.VaeLoss;
import vae.optim.Adam;
import vae.tensor.Kernels;
import vae.tensor.ScalarKernels;
import vae.tensor.Tensor;

/** A checkpoint saved from the device loads on the CPU, and one saved on the CPU loads on the device, bit for bit. */
class OpenClCheckpointTest {
    static final VaeConfig CONFIG = new VaeConfig(784, 40, 10, 2);
    static final int B = 5;

    @Test
    void weightsAndAdamStateGoFromTheDeviceToTheCpuAndBack(@TempDir Path dir) {
        OpenClRuntime.assume();
        try (OpenClKernels gpu = new OpenClKernels(); Kernels cpu = new ScalarKernels()) {
            Vae model = new Vae(gpu, CONFIG, B);
            model.initialize(3);
            Adam adam = new Adam(gpu, model.parameters(), 1e-3);
            for (int step = 0; step < 3; step++) { // moments that are not zero
                trainStep(gpu, model, adam, step);
            }
            Path fromDevice = dir.resolve("device.safetensors");
            Checkpoint.save(fromDevice, model, adam, gpu, Map.of());

            Vae onCpu = new Vae(cpu, CONFIG, B);
            Adam adamOnCpu = new Adam(cpu, onCpu.parameters(), 1e-3);
            Checkpoint.load(fromDevice).restoreModel(onCpu, cpu);
            Checkpoint.load(fromDevice).restoreOptimizer(adamOnCpu, cpu);
            assertSame(gpu, model, adam, cpu, onCpu, adamOnCpu);

            Path fromCpu = dir.resolve("cpu.safetensors");
            Checkpoint.save(fromCpu, onCpu, adamOnCpu, cpu, Map.of());
            Vae back = new Vae(gpu, CONFIG, B);
            Adam adamBack = new Adam(gpu, back.parameters(), 1e-3);
            Checkpoint.load(fromCpu).restoreModel(back, gpu);
            Checkpoint.load(fromCpu).restoreOptimizer(adamBack, gpu);
            assertSame(cpu, onCpu, adamOnCpu, gpu, back, adamBack);
        }
    }

    private static void trainStep(Kernels k, Vae model, Adam adam, int step) {
        Random random = new Random(step);
        float[] pixels = new float[B * CONFIG.input()], noise = new float[B * CONFIG.latent()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextFloat();
        }
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) random.nextGaussian();
        }
        Tensor x = k.allocate(B, CONFIG.input()), eps = k.allocate(B, CONFIG.latent());
        k.upload(pixels, pixels.length, x);
        k.upload(noise, noise.length, eps);
        VaeLoss loss = new VaeLoss(k, CONFIG, B);
        loss.compute(model.forward(x, eps, B), x, model.mu(), model.logvar(), B);
        model.backward(loss.dLogits(), B);
        adam.step();
    }

    private static void assertSame(Kernels k1, Vae m1, Adam a1, Kernels k2, Vae m2, Adam a2) {
        for (int i = 0; i < m1.parameters().size(); i++) {
            String name = m1.parameters().get(i).name;
            assertArrayEquals(floats(k1, m1.parameters().get(i).value), floats(k2, m2.parameters().get(i).value), name);
            assertArrayEquals(floats(k1, a1.firstMoments().get(i)), floats(k2, a2.firstMoments().get(i)), "m of " + name);
            assertArrayEquals(floats(k1, a1.secondMoments().get(i)), floats(k2, a2.secondMoments().get(i)), "v of " + name);
        }
        assertEquals(a1.steps(), a2.steps());
    }

    private static float[] floats(Kernels k, Tensor t) {
        float[] out = new float[t.size()];
        k.download(t, out.length, out);
        return out;
    }
}
