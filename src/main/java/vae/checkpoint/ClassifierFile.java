package vae.checkpoint;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vae.model.Classifier;
import vae.nn.Parameter;
import vae.tensor.Kernels;

/**
 * The digit classifier's file ({@code vae classifier} writes {@code classifier.safetensors}): its
 * four parameters in a safetensors file, and metadata that says what it is and how well it did.
 * <pre>
 *   fc1.weight [hidden, input]    fc1.bias [hidden]
 *   fc2.weight [classes, hidden]  fc2.bias [classes]
 *   __metadata__: format vae-classifier, format_version 1, input, hidden, classes, test_accuracy, ...
 * </pre>
 * Reading it checks what {@link Checkpoint} checks of a VAE's file, and says so in one line when
 * it is a VAE's checkpoint, or anything else, instead of a classifier.
 */
public final class ClassifierFile {
    static final String FORMAT = "vae-classifier";
    static final String VERSION = "1";
    private static final String HOW = "vae classifier --out DIR trains one";

    private final Path file;
    private final Map<String, NamedTensor> tensors;
    private final Map<String, String> metadata;
    private final int input, hidden, classes;

    private ClassifierFile(Path file, Map<String, NamedTensor> tensors, Map<String, String> metadata) {
        this.file = file;
        this.tensors = tensors;
        this.metadata = metadata;
        int[] fc1 = matrix("fc1.weight", "[hidden, input]");
        int[] fc2 = matrix("fc2.weight", "[classes, hidden]");
        this.input = fc1[1];
        this.hidden = fc1[0];
        this.classes = fc2[0];
    }

    //> classifier-file save
    /** Saves the classifier's weights and metadata (the format and sizes, then {@code extra}); replaces {@code file} atomically. */
    public static void save(Path file, Classifier model, Kernels k, Map<String, String> extra) {
        List<NamedTensor> tensors = new ArrayList<>();
        for (Parameter p : model.parameters()) {
            tensors.add(Checkpoint.download(k, p.name, p.shape(), p.value));
        }
        Map<String, String> header = new LinkedHashMap<>();
        header.put("format", FORMAT);
        header.put("format_version", VERSION);
        header.put("input", Integer.toString(model.input));
        header.put("hidden", Integer.toString(model.hidden));
        header.put("classes", Integer.toString(model.classes));
        header.putAll(extra);
        SafeTensors.write(file, tensors, header);
    }
    //< classifier-file save

    //> classifier-file load
    public static ClassifierFile load(Path file) {
        TensorFile contents = SafeTensors.read(file);
        String format = contents.metadata().get("format");
        if (CheckpointFormat.FORMAT.equals(format)) {
            throw new CheckpointException(file, "is a VAE checkpoint, not a classifier (" + HOW + ")");
        }
        if (format != null && !format.equals(FORMAT)) {
            throw new CheckpointException(file, "format is '" + format + "', expected '" + FORMAT + "' (" + HOW + ")");
        }
        String version = contents.metadata().get("format_version");
        if (version != null && !version.equals(VERSION)) {
            throw new CheckpointException(file, "format_version " + version + " is not supported (this program reads version "
                    + VERSION + ")");
        }
        Map<String, NamedTensor> tensors = new LinkedHashMap<>();
        contents.tensors().forEach(t -> tensors.put(t.name(), t));
        ClassifierFile read = new ClassifierFile(file, tensors, contents.metadata());
        read.checkTensors();
        return read;
    }

    // exactly the four parameters, each of the shape the two weights give
    private void checkTensors() {
        Map<String, int[]> expected = new LinkedHashMap<>();
        expected.put("fc1.weight", new int[] {hidden, input});
        expected.put("fc1.bias", new int[] {hidden});
        expected.put("fc2.weight", new int[] {classes, hidden});
        expected.put("fc2.bias", new int[] {classes});
        for (String name : tensors.keySet()) {
            if (!expected.containsKey(name)) {
                throw new CheckpointException(file, "unknown tensor '" + name + "': not a classifier, which holds "
                        + String.join(", ", expected.keySet()) + " (" + HOW + ")");
            }
        }
        CheckpointFormat.requireAll(file, tensors, expected,
                "a classifier with input=" + input + ", hidden=" + hidden + ", classes=" + classes, "");
    }
    //< classifier-file load

    private int[] matrix(String name, String expected) {
        NamedTensor t = tensors.get(name);
        if (t == null) {
            throw new CheckpointException(file, "missing tensor '" + name + "' " + expected + ": not a classifier (" + HOW + ")");
        }
        if (t.shape().length != 2 || t.shape()[0] < 1) {
            throw new CheckpointException(file, "tensor '" + name + "' has shape " + Arrays.toString(t.shape())
                    + ", expected a matrix " + expected);
        }
        return t.shape();
    }

    /** A classifier with these weights, for batches of up to maxBatch images. */
    public Classifier restore(Kernels k, int maxBatch) {
        if (classes < 2) {
            throw new CheckpointException(file, "has " + classes + " class: a classifier needs at least 2");
        }
        Classifier model = new Classifier(k, input, hidden, classes, maxBatch);
        for (Parameter p : model.parameters()) {
            k.upload(tensors.get(p.name).data(), p.value.size(), p.value);
        }
        return model;
    }

    public Path file() {
        return file;
    }

    public int input() {
        return input;
    }

    public int classes() {
        return classes;
    }

    /** Every metadata pair of the file, in file order. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** The accuracy on the test images it was saved with, or NaN when the file does not say. */
    public double testAccuracy() {
        try {
            return Double.parseDouble(metadata.getOrDefault("test_accuracy", "NaN"));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
