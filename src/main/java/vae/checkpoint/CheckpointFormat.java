package vae.checkpoint;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vae.model.ModelKind;
import vae.model.VaeConfig;

/**
 * What a checkpoint file must hold, and the checks that it does. The tensors are named as in the
 * seed's PyTorch {@code state_dict}, so its weights load here and ours load there:
 * <pre>
 *   encoder.fc1.weight [hidden, input]      encoder.fc1.bias [hidden]
 *   encoder.fc2.weight [feature, hidden]    encoder.fc2.bias [feature]
 *   mu_layer.weight    [latent, feature]    mu_layer.bias    [latent]
 *   logvar_layer.weight[latent, feature]    logvar_layer.bias[latent]
 *   decoder.fc1.weight [feature, latent]    decoder.fc1.bias [feature]
 *   decoder.fc2.weight [hidden, feature]    decoder.fc2.bias [hidden]
 *   decoder.fc3.weight [input, hidden]      decoder.fc3.bias [input]
 *   optimizer.exp_avg.NAME, optimizer.exp_avg_sq.NAME   Adam's m and v of each, same shapes (optional)
 * </pre>
 * A plain autoencoder's file ({@code model} "ae" in its metadata) has no {@code logvar_layer}.
 */
final class CheckpointFormat {
    static final String FORMAT = "vae-checkpoint";
    static final String VERSION = "1";
    static final String OPTIMIZER = "optimizer.";
    static final String EXP_AVG = OPTIMIZER + "exp_avg.";
    static final String EXP_AVG_SQ = OPTIMIZER + "exp_avg_sq.";
    static final List<String> SIZES = List.of("input", "hidden", "feature", "latent");
    /** The metadata key of the model's kind: vae, or ae for a plain autoencoder (no logvar_layer). */
    static final String MODEL = "model";

    private CheckpointFormat() {
    }

    //> checkpoint format
    /** Every parameter's name and PyTorch shape, in state_dict order: the layers of {@code Vae}. */
    static Map<String, int[]> parameterShapes(VaeConfig c) {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        layer(shapes, "encoder.fc1", c.input(), c.hidden());
        layer(shapes, "encoder.fc2", c.hidden(), c.feature());
        layer(shapes, "mu_layer", c.feature(), c.latent());
        if (c.kind().variational()) { // a plain autoencoder has the μ head alone
            layer(shapes, "logvar_layer", c.feature(), c.latent());
        }
        layer(shapes, "decoder.fc1", c.latent(), c.feature());
        layer(shapes, "decoder.fc2", c.feature(), c.hidden());
        layer(shapes, "decoder.fc3", c.hidden(), c.input());
        return shapes;
    }

    private static void layer(Map<String, int[]> shapes, String name, int in, int out) {
        shapes.put(name + ".weight", new int[] {out, in});
        shapes.put(name + ".bias", new int[] {out});
    }

    /**
     * The model's sizes, read off three weights, and its kind: a VAE has a log σ² head, a plain
     * autoencoder has none. Every other tensor must then agree with them.
     */
    static VaeConfig inferConfig(Path file, Map<String, NamedTensor> tensors) {
        int[] fc1 = matrix(file, tensors, "encoder.fc1.weight", "[hidden, input]");
        int[] fc2 = matrix(file, tensors, "encoder.fc2.weight", "[feature, hidden]");
        int[] mu = matrix(file, tensors, "mu_layer.weight", "[latent, feature]");
        ModelKind kind = tensors.containsKey("logvar_layer.weight") || tensors.containsKey("logvar_layer.bias")
                ? ModelKind.VAE : ModelKind.AE;
        try {
            return new VaeConfig(fc1[1], fc1[0], fc2[0], mu[0], kind);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file, "the weights' shapes give an impossible model: " + e.getMessage());
        }
    }
    //< checkpoint format

    private static int[] matrix(Path file, Map<String, NamedTensor> tensors, String name, String expected) {
        NamedTensor t = tensors.get(name);
        if (t == null) {
            throw new CheckpointException(file, "missing tensor '" + name + "' " + expected);
        }
        if (t.shape().length != 2) {
            throw new CheckpointException(file, "tensor '" + name + "' has shape " + Arrays.toString(t.shape())
                    + ", expected a matrix " + expected);
        }
        return t.shape();
    }

    //> checkpoint check
    /**
     * Checks every tensor against the model's sizes: the 14 parameters (a plain autoencoder's 12) all
     * present, each with its shape; Adam's moments of each all present or all absent; nothing else. Returns whether the
     * moments are there.
     */
    static boolean checkTensors(Path file, Map<String, NamedTensor> tensors, VaeConfig config) {
        Map<String, int[]> parameters = parameterShapes(config);
        Map<String, int[]> moments = new LinkedHashMap<>();
        parameters.forEach((name, shape) -> moments.put(EXP_AVG + name, shape));
        parameters.forEach((name, shape) -> moments.put(EXP_AVG_SQ + name, shape));
        for (String name : tensors.keySet()) {
            if (!parameters.containsKey(name) && !moments.containsKey(name)) {
                throw new CheckpointException(file, "unknown tensor '" + name + "' (a checkpoint holds the "
                        + parameters.size() + " parameters and, optionally, " + EXP_AVG + "* and " + EXP_AVG_SQ + "*)");
            }
        }
        requireAll(file, tensors, parameters, "a model with " + sizes(config), "");
        boolean hasMoments = tensors.keySet().stream().anyMatch(name -> name.startsWith(OPTIMIZER));
        if (hasMoments) {
            requireAll(file, tensors, moments, "a model with " + sizes(config), ": the optimizer state is incomplete");
        }
        return hasMoments;
    }

    /** Every expected tensor present with its shape; a wrong shape is said to be wrong "for" {@code forWhat}. */
    static void requireAll(Path file, Map<String, NamedTensor> tensors, Map<String, int[]> expected,
                           String forWhat, String missingNote) {
        expected.forEach((name, shape) -> {
            NamedTensor t = tensors.get(name);
            if (t == null) {
                throw new CheckpointException(file, "missing tensor '" + name + "' " + Arrays.toString(shape) + missingNote);
            }
            if (!t.hasShape(shape)) {
                throw new CheckpointException(file, "tensor '" + name + "' has shape " + Arrays.toString(t.shape())
                        + ", expected " + Arrays.toString(shape) + " for " + forWhat);
            }
        });
    }
    //< checkpoint check

    //> checkpoint metadata-check
    /** The metadata, where present, must name this format and agree with the tensors. */
    static void checkMetadata(Path file, Map<String, String> metadata, VaeConfig config, boolean hasMoments) {
        String format = metadata.get("format");
        if (format != null && !format.equals(FORMAT)) {
            throw new CheckpointException(file, "format is '" + format + "', expected '" + FORMAT + "'");
        }
        String version = metadata.get("format_version");
        if (version != null && !version.equals(VERSION)) {
            throw new CheckpointException(file, "format_version " + version
                    + " is not supported (this program reads version " + VERSION + ")");
        }
        String model = metadata.get(MODEL);
        if (model != null && !model.equals(config.kind().option())) {
            throw new CheckpointException(file, "metadata says model=" + model + ", but the tensors are "
                    + config.kind().description() + "'s (" + (config.kind().variational() ? "with" : "without")
                    + " logvar_layer)");
        }
        int[] actual = {config.input(), config.hidden(), config.feature(), config.latent()};
        for (int i = 0; i < SIZES.size(); i++) {
            String said = metadata.get(SIZES.get(i));
            if (said != null && !said.equals(Integer.toString(actual[i]))) {
                throw new CheckpointException(file, "metadata says " + SIZES.get(i) + "=" + said
                        + ", but the tensors have " + SIZES.get(i) + "=" + actual[i]);
            }
        }
        count(file, metadata, "epoch", Integer.MAX_VALUE);
        if (hasMoments && !metadata.containsKey("adam_step")) {
            throw new CheckpointException(file, "has Adam's moments but no adam_step in its metadata");
        }
        count(file, metadata, "adam_step", Long.MAX_VALUE);
    }

    /** A whole number from 0 to max in the metadata, or 0 when the key is absent. */
    static long count(Path file, Map<String, String> metadata, String key, long max) {
        String value = metadata.get(key);
        if (value == null) {
            return 0;
        }
        try {
            long n = Long.parseLong(value);
            if (n >= 0 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new CheckpointException(file, "metadata " + key + " is '" + value + "', expected a whole number from 0 to " + max);
    }
    //< checkpoint metadata-check

    static String sizes(VaeConfig c) {
        return "input=" + c.input() + ", hidden=" + c.hidden() + ", feature=" + c.feature() + ", latent=" + c.latent()
                + (c.kind().variational() ? "" : " (a plain autoencoder)");
    }
}
