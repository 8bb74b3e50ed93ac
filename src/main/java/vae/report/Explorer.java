package vae.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import vae.data.DataSet;
import vae.data.Mnist;
import vae.model.Vae;
import vae.nn.Linear;
import vae.tensor.Kernels;

/**
 * The latent-space explorer: one self-contained HTML page, no network and no server. On the left
 * the test images' latent means, coloured by digit; on the right the digit that the decoder draws
 * at the point under the pointer. The decoder's weights are in the page (base64), and a short
 * JavaScript forward pass ({@code vae/report/explorer/explorer.js}, the same three layers as
 * {@link Vae#decode}, in float32 arithmetic) decodes as the pointer moves. A latent space of more
 * than two dimensions is shown on the plane of its first two principal axes through the mean of
 * the codes, and a point of that plane is mapped back to z for decoding.
 *
 * <p>The page holds one or more {@link Frame}s: {@value #HTML} one, the model as it is, in
 * float32; {@value #TRAINING_HTML} one per kept epoch, with a slider, in bfloat16 to halve its size.
 */
public final class Explorer {
    public static final String HTML = "explorer.html";
    public static final String TRAINING_HTML = "explorer_training.html";
    private static final String TEMPLATE = "explorer/explorer.html", SCRIPT = "explorer/explorer.js";

    /** How the page stores its numbers: float32 as they are, or bfloat16, the top 16 bits of each. */
    public enum Precision { FLOAT32, BFLOAT16 }

    /**
     * The model after {@code epoch} (0 when unknown): where its encoder puts the test images, on the
     * plane {@code origin + u·axes[0] + v·axes[1]} of its latent space, as (u, v) points (n, 2); and
     * its decoder's weights and biases, fc1, fc2, fc3, each row-major as PyTorch holds them.
     */
    public record Frame(int epoch, float[][] points, float[] origin, float[][] axes, String[] axisNames,
            double explained, List<float[]> decoder) {
    }

    private Explorer() {
    }

    //> explorer frame
    // means is (n, Z), the test images' latent means under model; the plane is z1, z2 itself for a
    // 2-D space (z1 alone for 1-D), and the first two principal axes through the mean beyond
    public static Frame frame(int epoch, Vae model, Kernels k, float[][] means) {
        int latent = means[0].length;
        float[] origin = new float[latent];
        float[][] axes = new float[2][latent];
        float[][] points;
        double explained = 1;
        if (latent <= 2) {
            axes[0][0] = 1;
            if (latent == 2) {
                axes[1][1] = 1;
            }
            points = new float[means.length][2];
            for (int i = 0; i < means.length; i++) {
                System.arraycopy(means[i], 0, points[i], 0, latent);
            }
        } else {
            Pca pca = Pca.fit(means);
            points = pca.project(means, 2);
            double[] mean = pca.mean(), first = pca.axis(0), second = pca.axis(1);
            for (int j = 0; j < latent; j++) {
                origin[j] = (float) mean[j];
                axes[0][j] = (float) first[j];
                axes[1][j] = (float) second[j];
            }
            explained = pca.explained(2);
        }
        String[] names = latent <= 2 ? LatentScatter.AXES : new String[] {"PC 1", "PC 2"};
        return new Frame(epoch, points, origin, axes, names, explained, decoder(model, k));
    }
    //< explorer frame

    // the decoder's weight and bias of each layer, in order, downloaded from the kernels
    static List<float[]> decoder(Vae model, Kernels k) {
        List<Linear> layers = model.layers();
        List<float[]> weights = new java.util.ArrayList<>();
        for (Linear layer : layers.subList(layers.size() - 3, layers.size())) {
            float[] w = new float[layer.out * layer.in], b = new float[layer.out];
            k.download(layer.weight.value, w.length, w);
            k.download(layer.bias.value, b.length, b);
            weights.add(w);
            weights.add(b);
        }
        return weights;
    }

    /** Writes the page of these frames (the last shown first) for the images of test, whose labels colour the points. */
    public static void write(Path file, List<Frame> frames, Mnist test, Precision precision) {
        Frame last = frames.get(frames.size() - 1);
        DataSet data = test.dataSet();
        int latent = last.origin().length;
        String title = "The latent space of the " + (data == DataSet.MNIST || data == DataSet.UNRECOGNISED ? "" : data.name() + " ")
                + "test images" + (frames.size() > 1 ? ", epoch by epoch" : "");
        String about = String.format(Locale.ROOT, "The latent means μ of the %,d test images, by %s", test.count(), data.labelWord())
                + (latent > 2 ? String.format(Locale.ROOT, ", on the plane of the first two principal axes of %d latent dimensions"
                        + " (%.1f%% of the variance), through their mean.", latent, 100 * last.explained())
                        : latent == 1 ? " (1 latent dimension: the vertical axis is not used)." : ".");
        String html = resource(TEMPLATE)
                .replace("{{TITLE}}", title).replace("{{ABOUT}}", about).replace("{{WORD}}", data.labelWord())
                .replace("{{ROWS}}", Integer.toString(test.rows())).replace("{{COLS}}", Integer.toString(test.cols()))
                .replace("{{SCRIPT}}", resource(SCRIPT))
                .replace("{{DATA}}", data(frames, test, precision));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, html, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ReportException(file + ": cannot write (" + e.getMessage() + ")", e);
        }
    }

    //> explorer data
    // the page's EXPLORER object: the labels as bytes, then each frame's points, plane and decoder
    static String data(List<Frame> frames, Mnist test, Precision precision) {
        byte[] labels = new byte[test.count()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (byte) test.label(i);
        }
        StringBuilder js = new StringBuilder("{\n");
        DataSet data = test.dataSet();
        js.append("\"precision\": \"").append(precision.name().toLowerCase(Locale.ROOT)).append("\",\n");
        js.append("\"rows\": ").append(test.rows()).append(", \"cols\": ").append(test.cols()).append(",\n");
        js.append("\"classes\": ").append(strings(data.classes())).append(",\n");
        js.append("\"colours\": ").append(strings(IntStream.range(0, data.classes().size()).mapToObj(Palette::hex).toList()))
                .append(",\n");
        js.append("\"axes\": ").append(strings(List.of(frames.get(0).axisNames()))).append(",\n");
        js.append("\"labels\": \"").append(Base64.getEncoder().encodeToString(labels)).append("\",\n");
        js.append("\"frames\": [\n");
        for (Frame f : frames) {
            js.append("{\"epoch\": ").append(f.epoch())
                    .append(", \"origin\": ").append(numbers(f.origin()))
                    .append(", \"axes\": [").append(numbers(f.axes()[0])).append(", ").append(numbers(f.axes()[1])).append("]")
                    .append(",\n \"points\": \"").append(base64(flat(f.points()), precision)).append("\"")
                    .append(",\n \"weights\": [");
            for (int w = 0; w < f.decoder().size(); w++) {
                js.append(w == 0 ? "\n  \"" : ",\n  \"").append(base64(f.decoder().get(w), precision)).append("\"");
            }
            js.append("]}").append(f == frames.get(frames.size() - 1) ? "\n" : ",\n");
        }
        return js.append("]}").toString();
    }

    // little-endian float32s, or bfloat16s: each float rounded to its top 16 bits, to nearest even
    static String base64(float[] values, Precision precision) {
        int size = precision == Precision.FLOAT32 ? 4 : 2;
        ByteBuffer bytes = ByteBuffer.allocate(values.length * size).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            if (precision == Precision.FLOAT32) {
                bytes.putFloat(v);
            } else {
                bytes.putShort(bfloat16(v));
            }
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }
    //< explorer data

    //> explorer bfloat16
    // the bfloat16 nearest to v (ties to even), as its 16 bits: the top half of a float32. Adding
    // 0x7FFF carries into the top half when the bottom half is over 0x8000, and the top half's own
    // last bit breaks the tie at exactly 0x8000 toward an even result
    static short bfloat16(float v) {
        int bits = Float.floatToRawIntBits(v);
        if (Float.isNaN(v)) {
            return (short) ((bits >>> 16) | 0x40);                 // stays a NaN, however it is rounded
        }
        return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
    }
    //< explorer bfloat16

    /** The float that the 16 bits of a bfloat16 stand for. */
    static float fromBfloat16(short half) {
        return Float.intBitsToFloat((half & 0xFFFF) << 16);
    }

    private static float[] flat(float[][] rows) {
        float[] flat = new float[rows.length * 2];
        for (int i = 0; i < rows.length; i++) {
            flat[2 * i] = rows[i][0];
            flat[2 * i + 1] = rows[i][1];
        }
        return flat;
    }

    private static String numbers(float[] values) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            s.append(i == 0 ? "" : ", ").append(values[i]);
        }
        return s.append("]").toString();
    }

    private static String strings(List<String> values) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            String escaped = values.get(i).replace("\\", "\\\\").replace("\"", "\\\"").replace("<", "\\u003c");
            s.append(i == 0 ? "\"" : ", \"").append(escaped).append("\"");
        }
        return s.append("]").toString();
    }

    private static String resource(String name) {
        try (InputStream in = Explorer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new ReportException("the build has no " + name + " among its resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
