package vae.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vae.data.Mnist;
import vae.model.Vae;
import vae.model.VaeConfig;
import vae.tensor.ScalarKernels;

class ExplorerTest {
    final ScalarKernels k = new ScalarKernels();
    final Mnist test = ReportFixtures.digits(37, 28, 28, 1);

    @Test
    void bfloat16KeepsTheTopHalfOfAFloatRoundedToNearestEven() {
        assertEquals((short) 0x3F80, Explorer.bfloat16(1f));
        assertEquals((short) 0xC020, Explorer.bfloat16(-2.5f));
        assertEquals((short) 0x3F80, Explorer.bfloat16(1f + 0x1p-8f), "halfway: to the even neighbour, 1");
        assertEquals((short) 0x3F82, Explorer.bfloat16(1f + 3 * 0x1p-8f), "halfway: to the even neighbour, 1 + 2^-6");
        assertEquals((short) 0x3F81, Explorer.bfloat16(1f + 0x1p-8f + 0x1p-20f), "above halfway: up");
        assertTrue(Float.isNaN(Explorer.fromBfloat16(Explorer.bfloat16(Float.NaN))));
        for (float v : new float[] {0.1f, -3.7f, 1e-3f, 123.456f, 5e-8f}) {
            float back = Explorer.fromBfloat16(Explorer.bfloat16(v));
            assertTrue(Math.abs(back - v) <= Math.abs(v) * 0x1p-8f, v + " came back as " + back);
        }
    }

    @Test
    void aTwoDimensionalFrameIsTheMeansThemselvesAndTheDecodersSixArrays() {
        Vae model = ReportFixtures.model(k, new VaeConfig(784, 16, 4, 2), 16, 3);
        float[][] means = new Latents(model, k).means(test);
        Explorer.Frame frame = Explorer.frame(7, model, k, means);
        assertEquals(7, frame.epoch());
        for (int i = 0; i < means.length; i++) {
            assertArrayEquals(means[i], frame.points()[i]);
        }
        assertArrayEquals(new float[] {0, 0}, frame.origin());
        assertArrayEquals(new float[] {1, 0}, frame.axes()[0]);
        assertArrayEquals(new float[] {0, 1}, frame.axes()[1]);
        List<Integer> sizes = frame.decoder().stream().map(a -> a.length).toList();
        assertEquals(List.of(4 * 2, 4, 16 * 4, 16, 784 * 16, 784), sizes, "fc1, fc2, fc3: weight (OUT, IN), then bias");
    }

    @Test
    void aLargerSpaceIsShownOnItsPrincipalPlaneWhosePointsMapBackToIt() {
        Vae model = ReportFixtures.model(k, new VaeConfig(784, 16, 4, 5), 16, 3);
        float[][] means = new Latents(model, k).means(test);
        Explorer.Frame frame = Explorer.frame(1, model, k, means);
        Pca pca = Pca.fit(means);
        assertArrayEquals(new String[] {"PC 1", "PC 2"}, frame.axisNames());
        for (int i = 0; i < means.length; i++) {
            float u = frame.points()[i][0], v = frame.points()[i][1];
            float[] z = new float[5];
            for (int j = 0; j < 5; j++) {
                z[j] = frame.origin()[j] + u * frame.axes()[0][j] + v * frame.axes()[1][j];
            }
            float[] back = pca.project(new float[][] {z}, 2)[0];
            assertEquals(u, back[0], 1e-5, "the plane's point of image " + i + " projects back to it");
            assertEquals(v, back[1], 1e-5);
        }
        assertEquals(pca.explained(2), frame.explained(), 1e-12);
    }

    @Test
    void thePageIsOneFileThatNamesNoAddressAndCarriesTheDecoderExactly(@TempDir Path dir) throws Exception {
        Vae model = ReportFixtures.model(k, new VaeConfig(784, 16, 4, 2), 16, 3);
        Explorer.Frame frame = Explorer.frame(0, model, k, new Latents(model, k).means(test));
        Path page = dir.resolve(Explorer.HTML);
        Explorer.write(page, List.of(frame), test, Explorer.Precision.FLOAT32);
        String html = Files.readString(page);
        assertFalse(html.contains("http://") || html.contains("https://"), "nothing to fetch");
        assertFalse(html.contains("{{"), "every placeholder filled");
        assertTrue(html.contains("function decode(z, net)"), "the forward pass is inlined");
        Matcher weights = Pattern.compile("\\n  \"([A-Za-z0-9+/=]+)\"").matcher(html);
        for (float[] expected : frame.decoder()) {
            assertTrue(weights.find());
            ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(weights.group(1))).order(ByteOrder.LITTLE_ENDIAN);
            float[] read = new float[bytes.remaining() / 4];
            bytes.asFloatBuffer().get(read);
            assertArrayEquals(expected, read, "float32, bit for bit");
        }
        assertFalse(weights.find());
    }

    @Test
    void theSeedsModelMakesAPageOfAtMostThreeMegabytes(@TempDir Path dir) throws Exception {
        Mnist tenThousand = ReportFixtures.digits(10_000, 28, 28, 2);
        Vae model = ReportFixtures.model(k, VaeConfig.SEED, 1, 42);
        float[][] means = new float[tenThousand.count()][2]; // where they lie does not change the size
        Path page = dir.resolve(Explorer.HTML);
        Explorer.write(page, List.of(Explorer.frame(0, model, k, means)), tenThousand, Explorer.Precision.FLOAT32);
        long size = Files.size(page);
        System.out.printf("explorer.html of the seed's model, 10,000 points: %,d bytes%n", size);
        assertTrue(size < 3_000_000, size + " bytes");
        assertTrue(size > 1_700_000, "the decoder's 318,000 float32s alone take 1.7 MB of base64");
    }
}
