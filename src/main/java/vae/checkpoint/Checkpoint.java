package vae.checkpoint;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vae.model.Vae;
import vae.model.VaeConfig;
import vae.nn.Parameter;
import vae.optim.Adam;
import vae.tensor.Kernels;
import vae.tensor.Tensor;

/**
 * What a training run saves and resumes from: the model's 14 parameters (12 for a plain autoencoder) under the seed's
 * {@code state_dict} names, optionally Adam's moments and step count, and string metadata, in
 * one safetensors file (see {@link CheckpointFormat} for the names and shapes).
 *
 * <p>{@link #save} writes the metadata it knows itself: {@code format}, {@code format_version},
 * {@code adam_step}, the model's sizes {@code input}, {@code hidden}, {@code feature},
 * {@code latent}, and its kind, {@code model} (vae, or ae for a plain autoencoder). The caller adds the rest: {@code epoch}, {@code train_loss}, {@code test_loss},
 * {@code batch_size}, {@code lr}, {@code seed}, {@code epochs}, and anything else (a history as CSV).
 *
 * <p>A file that holds the 14 weights alone, as one exported from PyTorch, loads too: it has no
 * optimizer state and no metadata.
 */
public final class Checkpoint {
    private final Path file;
    private final VaeConfig config;
    private final Map<String, NamedTensor> tensors;
    private final Map<String, String> metadata;
    private final boolean hasOptimizerState;

    private Checkpoint(Path file, VaeConfig config, Map<String, NamedTensor> tensors,
                       Map<String, String> metadata, boolean hasOptimizerState) {
        this.file = file;
        this.config = config;
        this.tensors = tensors;
        this.metadata = metadata;
        this.hasOptimizerState = hasOptimizerState;
    }

    //> checkpoint save
    /** Saves the model and, unless {@code adam} is null, the optimizer; replaces {@code file} atomically. */
    public static void save(Path file, Vae model, Adam adam, Kernels k, Map<String, String> metadata) {
        save(file, model, adam, k, metadata, AtomicFile.DISK);
    }

    static void save(Path file, Vae model, Adam adam, Kernels k, Map<String, String> metadata,
                     AtomicFile.Opener opener) {
        List<Parameter> params = model.parameters();
        List<NamedTensor> tensors = new ArrayList<>();
        for (Parameter p : params) {
            tensors.add(download(k, p.name, p.shape(), p.value));
        }
        if (adam != null) {
            checkBuiltOn(adam, params);
            for (int i = 0; i < params.size(); i++) {
                Parameter p = params.get(i);
                tensors.add(download(k, CheckpointFormat.EXP_AVG + p.name, p.shape(), adam.firstMoments().get(i)));
            }
            for (int i = 0; i < params.size(); i++) {
                Parameter p = params.get(i);
                tensors.add(download(k, CheckpointFormat.EXP_AVG_SQ + p.name, p.shape(), adam.secondMoments().get(i)));
            }
        }
        SafeTensors.write(file, tensors, header(model.config, adam, metadata), opener);
    }

    private static Map<String, String> header(VaeConfig c, Adam adam, Map<String, String> extra) {
        Map<String, String> header = new LinkedHashMap<>();
        header.put("format", CheckpointFormat.FORMAT);
        header.put("format_version", CheckpointFormat.VERSION);
        if (adam != null) {
            header.put("adam_step", Long.toString(adam.steps()));
        }
        header.put("input", Integer.toString(c.input()));
        header.put("hidden", Integer.toString(c.hidden()));
        header.put("feature", Integer.toString(c.feature()));
        header.put("latent", Integer.toString(c.latent()));
        header.put(CheckpointFormat.MODEL, c.kind().option());
        extra.forEach((key, value) -> {
            if (header.containsKey(key)) {
                throw new IllegalArgumentException("metadata '" + key + "' is written by Checkpoint.save itself");
            }
            header.put(key, value);
        });
        return header;
    }
    //< checkpoint save

    /** A tensor's floats, copied off the kernels, under a name and a shape. */
    static NamedTensor download(Kernels k, String name, int[] shape, Tensor t) {
        float[] data = new float[t.size()];
        k.download(t, data.length, data);
        return new NamedTensor(name, shape, data);
    }

    private static void checkBuiltOn(Adam adam, List<Parameter> params) {
        List<Tensor> m = adam.firstMoments();
        boolean same = m.size() == params.size();
        for (int i = 0; same && i < m.size(); i++) {
            same = m.get(i).size() == params.get(i).value.size();
        }
        if (!same) {
            throw new IllegalArgumentException("the optimizer was not built on this model's parameters");
        }
    }

    //> checkpoint load
    public static Checkpoint load(Path file) {
        return of(file, SafeTensors.read(file));
    }

    /** A checkpoint from tensors already read, checked as {@link #load} checks a file. */
    static Checkpoint of(Path file, TensorFile contents) {
        Map<String, NamedTensor> tensors = new LinkedHashMap<>();
        contents.tensors().forEach(t -> tensors.put(t.name(), t));
        VaeConfig config = CheckpointFormat.inferConfig(file, tensors);
        boolean hasMoments = CheckpointFormat.checkTensors(file, tensors, config);
        CheckpointFormat.checkMetadata(file, contents.metadata(), config, hasMoments);
        return new Checkpoint(file, config, tensors, contents.metadata(), hasMoments);
    }
    //< checkpoint load

    //> checkpoint restore
    /** Copies the weights into a model of the same sizes. */
    public void restoreModel(Vae model, Kernels k) {
        checkSizes(model.config);
        for (Parameter p : model.parameters()) {
            k.upload(tensors.get(p.name).data(), p.value.size(), p.value);
        }
    }

    /** Copies Adam's moments and step count into an optimizer built on a model of the same sizes. */
    public void restoreOptimizer(Adam adam, Kernels k) {
        if (!hasOptimizerState) {
            throw new CheckpointException(file, "holds no optimizer state (the weights alone): training cannot resume from it");
        }
        List<String> names = List.copyOf(CheckpointFormat.parameterShapes(config).keySet());
        List<Tensor> m = adam.firstMoments(), v = adam.secondMoments();
        if (m.size() != names.size()) {
            throw new IllegalArgumentException("the optimizer has " + m.size() + " parameters, the checkpoint " + names.size());
        }
        for (int i = 0; i < names.size(); i++) {
            upload(k, tensors.get(CheckpointFormat.EXP_AVG + names.get(i)), m.get(i));
            upload(k, tensors.get(CheckpointFormat.EXP_AVG_SQ + names.get(i)), v.get(i));
        }
        adam.setSteps(CheckpointFormat.count(file, metadata, "adam_step", Long.MAX_VALUE));
    }
    //< checkpoint restore

    private static void upload(Kernels k, NamedTensor t, Tensor dst) {
        if (t.data().length != dst.size()) {
            throw new IllegalArgumentException(t + " does not fit " + dst);
        }
        k.upload(t.data(), t.data().length, dst);
    }

    private void checkSizes(VaeConfig model) {
        if (model.kind() != config.kind()) {
            throw new CheckpointException(file, "holds " + config.kind().description() + " (model=" + config.kind().option()
                    + "), the model is " + model.kind().description() + " (--model " + model.kind().option() + ")");
        }
        int[] ours = {config.input(), config.hidden(), config.feature(), config.latent()};
        int[] theirs = {model.input(), model.hidden(), model.feature(), model.latent()};
        String[] flags = {"the images' pixel count", "--hidden", "--feature", "--latent"};
        List<String> had = new ArrayList<>(), has = new ArrayList<>(), why = new ArrayList<>();
        for (int i = 0; i < ours.length; i++) {
            if (ours[i] != theirs[i]) {
                String size = CheckpointFormat.SIZES.get(i);
                had.add(size + "=" + ours[i]);
                has.add(size + "=" + theirs[i]);
                why.add(flags[i]);
            }
        }
        if (!had.isEmpty()) {
            throw new CheckpointException(file, "checkpoint has " + String.join(", ", had) + ", the model has "
                    + String.join(", ", has) + " (" + String.join(", ", why) + ")");
        }
    }

    public VaeConfig config() {
        return config;
    }

    /** Every metadata pair of the file, in file order (empty for a file of weights alone). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** The epoch the checkpoint was saved after; 0 when the file does not say. */
    public int epoch() {
        return (int) CheckpointFormat.count(file, metadata, "epoch", Integer.MAX_VALUE);
    }

    public boolean hasOptimizerState() {
        return hasOptimizerState;
    }

    public Path file() {
        return file;
    }

    /** One tensor by name, or null. */
    NamedTensor tensor(String name) {
        return tensors.get(name);
    }
}
