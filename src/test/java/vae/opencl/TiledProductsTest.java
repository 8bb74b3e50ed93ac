package vae.opencl;

import static vae.opencl.OpenClKernelsTest.assertClose;
import static vae.opencl.OpenClKernelsTest.tolerance;

import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import vae.opencl.OpenClKernels.Products;
import vae.tensor.Tensor;

/**
 * The tiled products against the naive ones, both on the device, for every combination of sizes
 * around a tile's edge: B, IN and OUT each in {1, 3, 15, 16, 17, 40}, with B below the tensors' rows.
 */
class TiledProductsTest extends OpenClPair {
    static final int[] SIZES = {1, 3, 15, 16, 17, 40};

    static Stream<Arguments> sizes() {
        return IntStream.of(SIZES).boxed().flatMap(B -> IntStream.of(SIZES).boxed().flatMap(IN ->
                IntStream.of(SIZES).mapToObj(OUT -> Arguments.of(B, IN, OUT))));
    }

    @ParameterizedTest(name = "B={0} IN={1} OUT={2}")
    @MethodSource("sizes")
    void tiledEqualsNaive(int B, int IN, int OUT) {
        Random random = new Random(B * 10007L + IN * 101L + OUT);
        float[] x = values(random, (B + 1) * IN), w = values(random, OUT * IN), b = values(random, OUT);
        float[] dy = values(random, (B + 1) * OUT), dx = values(random, (B + 1) * IN);
        float[][] expected = products(naive, B, IN, OUT, x, w, b, dy, dx);
        float[][] actual = products(tiled, B, IN, OUT, x, w, b, dy, dx);
        String[] names = {"y", "dx", "dx accumulated", "dw", "db"};
        int[] lengths = {IN, OUT, OUT, B, B};
        for (int i = 0; i < names.length; i++) {
            assertClose(names[i], expected[i], actual[i], tolerance(lengths[i]));
        }
    }

    /** y = x·wᵀ + b, dx = dy·w, dx + dy·w, dw = dyᵀ·x and db, each downloaded whole. */
    private static float[][] products(OpenClKernels k, int B, int IN, int OUT,
                                      float[] x, float[] w, float[] b, float[] dy, float[] dx) {
        Tensor xt = tensor(k, B + 1, IN, x), wt = tensor(k, OUT, IN, w), bt = tensor(k, 1, OUT, b);
        Tensor yt = k.allocate(B + 1, OUT), dyt = tensor(k, B + 1, OUT, dy);
        Tensor dxt = tensor(k, B + 1, IN, dx), dxSum = tensor(k, B + 1, IN, dx);
        Tensor dwt = k.allocate(OUT, IN), dbt = k.allocate(1, OUT);
        k.linearForward(xt, wt, bt, yt, B);
        k.linearBackwardInput(dyt, wt, dxt, B, false);
        k.linearBackwardInput(dyt, wt, dxSum, B, true);
        k.linearBackwardParams(dyt, xt, dwt, dbt, B);
        return new float[][] {download(k, yt), download(k, dxt), download(k, dxSum), download(k, dwt), download(k, dbt)};
    }

    private static float[] values(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = 4 * random.nextFloat() - 2;
        }
        return v;
    }

    private static Tensor tensor(OpenClKernels k, int rows, int cols, float[] values) {
        Tensor t = k.allocate(rows, cols);
        k.upload(values, values.length, t);
        return t;
    }

    private static float[] download(OpenClKernels k, Tensor t) {
        float[] out = new float[t.size()];
        k.download(t, out.length, out);
        return out;
    }
}
