package vae.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vae.model.ModelKind;
import vae.model.Vae;
import vae.model.VaeConfig;
import vae.model.VaeLoss;
import vae.nn.Parameter;
import vae.optim.Adam;
import vae.tensor.Kernels;
import vae.tensor.ScalarKernels;
import vae.tensor.Tensor;

/** Saving and resuming a training run, and every way a checkpoint file can be refused. */
class CheckpointTest {
    private static final VaeConfig SMALL = new VaeConfig(12, 8, 4, 2);
    private static final Map<String, String> RUN = Map.of("epoch", "3", "train_loss", "163.25",
            "test_loss", "160.5", "batch_size", "4", "lr", "0.001", "seed", "42", "epochs", "10",
            "history", "epoch,train_loss\n1,200.5\n2,170.25\n3,163.25\n");

    @TempDir
    Path dir;
    private final Kernels k = new ScalarKernels();

    /** A model and its optimizer after {@code steps} Adam steps on a random batch. */
    private record Run(Vae model, Adam adam) {
    }

    private Run trained(VaeConfig c, int steps) {
        int B = 4;
        Vae model = new Vae(k, c, B);
        model.initialize(42);
        Adam adam = new Adam(k, model.parameters(), 1e-3);
        VaeLoss loss = new VaeLoss(k, c, B);
        Random random = new Random(1);
        Tensor x = tensor(B, c.input(), random::nextFloat);
        Tensor eps = tensor(B, c.latent(), () -> (float) random.nextGaussian());
        for (int s = 0; s < steps; s++) {
            loss.compute(model.forward(x, eps, B), x, model.mu(), model.logvar(), B);
            model.backward(loss.dLogits(), B);
            adam.step();
        }
        return new Run(model, adam);
    }

    private Tensor tensor(int rows, int cols, java.util.function.Supplier<Float> values) {
        float[] data = new float[rows * cols];
        for (int i = 0; i < data.length; i++) {
            data[i] = values.get();
        }
        Tensor t = k.allocate(rows, cols);
        k.upload(data, data.length, t);
        return t;
    }

    private Path saved(VaeConfig c) {
        Run run = trained(c, 1);
        Path file = dir.resolve("epoch_3.safetensors");
        Checkpoint.save(file, run.model(), run.adam(), k, RUN);
        return file;
    }

    // ---- a right file ---------------------------------------------------------------------------

    @Test
    void roundTripIsBitIdentical() {
        Run run = trained(VaeConfig.SEED, 1);
        Path file = dir.resolve("c.safetensors");
        Checkpoint.save(file, run.model(), run.adam(), k, RUN);

        Vae model = new Vae(k, VaeConfig.SEED, 4);
        model.initialize(7);
        Adam adam = new Adam(k, model.parameters(), 1e-3);
        Checkpoint c = Checkpoint.load(file);
        c.restoreModel(model, k);
        c.restoreOptimizer(adam, k);

        assertEquals(VaeConfig.SEED, c.config());
        assertTrue(c.hasOptimizerState());
        assertEquals(1, adam.steps());
        for (int i = 0; i < model.parameters().size(); i++) {
            Parameter p = run.model().parameters().get(i);
            assertBitsEqual(p.value, model.parameters().get(i).value, p.name);
            assertBitsEqual(run.adam().firstMoments().get(i), adam.firstMoments().get(i), "exp_avg " + p.name);
            assertBitsEqual(run.adam().secondMoments().get(i), adam.secondMoments().get(i), "exp_avg_sq " + p.name);
        }
    }

    @Test
    void aResumedRunTakesTheSameNextSteps() {
        Run straight = trained(SMALL, 3);
        Run first = trained(SMALL, 1);
        Path file = dir.resolve("c.safetensors");
        Checkpoint.save(file, first.model(), first.adam(), k, Map.of());

        Run resumed = trained(SMALL, 0);
        Checkpoint c = Checkpoint.load(file);
        c.restoreModel(resumed.model(), k);
        c.restoreOptimizer(resumed.adam(), k);
        Run continued = continueTraining(resumed, 2);
        for (int i = 0; i < straight.model().parameters().size(); i++) {
            assertBitsEqual(straight.model().parameters().get(i).value, continued.model().parameters().get(i).value,
                    straight.model().parameters().get(i).name);
        }
        assertEquals(3, continued.adam().steps());
    }

    private Run continueTraining(Run run, int steps) {
        int B = 4;
        VaeLoss loss = new VaeLoss(k, SMALL, B);
        Random random = new Random(1);
        Tensor x = tensor(B, SMALL.input(), random::nextFloat);
        Tensor eps = tensor(B, SMALL.latent(), () -> (float) random.nextGaussian());
        for (int s = 0; s < steps; s++) {
            loss.compute(run.model().forward(x, eps, B), x, run.model().mu(), run.model().logvar(), B);
            run.model().backward(loss.dLogits(), B);
            run.adam().step();
        }
        return run;
    }

    @Test
    void theFormatListsTheModelsParametersInOrder() {
        List<Parameter> params = new Vae(k, SMALL, 1).parameters();
        Map<String, int[]> shapes = CheckpointFormat.parameterShapes(SMALL);
        assertEquals(params.stream().map(p -> p.name).toList(), List.copyOf(shapes.keySet()));
        params.forEach(p -> assertArrayEquals(p.shape(), shapes.get(p.name), p.name));
    }

    @Test
    void metadataRoundTrip() {
        Checkpoint c = Checkpoint.load(saved(SMALL));
        Map<String, String> expected = new HashMap<>(RUN);
        expected.putAll(Map.of("format", "vae-checkpoint", "format_version", "1", "adam_step", "1",
                "input", "12", "hidden", "8", "feature", "4", "latent", "2", "model", "vae"));
        assertEquals(expected, c.metadata());
        assertEquals(3, c.epoch());
        assertEquals(RUN.get("history"), c.metadata().get("history"), "a multi-line CSV survives");
    }

    @Test
    void theFileIsSafetensorsByHand() throws IOException {
        byte[] bytes = RawFiles.read(saved(SMALL));
        long n = RawFiles.headerLength(bytes);
        assertEquals(n, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(0) & 0xffffffffL);
        JsonNode header = new ObjectMapper().readTree(RawFiles.header(bytes));
        List<String> names = new ArrayList<>();
        header.fieldNames().forEachRemaining(names::add);
        assertEquals(14 + 28 + 1, names.size());
        assertEquals(List.of("encoder.fc1.weight", "encoder.fc1.bias"), names.subList(0, 2));
        assertEquals("optimizer.exp_avg.encoder.fc1.weight", names.get(14));
        assertEquals("optimizer.exp_avg_sq.decoder.fc3.bias", names.get(41));
        assertEquals("__metadata__", names.get(42));
        assertEquals("[8,12]", header.get("encoder.fc1.weight").get("shape").toString());
        assertEquals("[8]", header.get("encoder.fc1.bias").get("shape").toString(), "a bias is a vector, as in PyTorch");
        assertEquals("[0,384]", header.get("encoder.fc1.weight").get("data_offsets").toString());
        long floats = 3 * SMALL.parameterCount(); // the parameters, m and v
        assertEquals(8 + n + 4 * floats, bytes.length);
    }

    @Test
    void weightsAloneLoadAsFromPyTorch() {
        Path file = rewrite(saved(SMALL), tensors -> keep(tensors, t -> !t.name().startsWith("optimizer.")), Map.of());
        Checkpoint c = Checkpoint.load(file);
        assertFalse(c.hasOptimizerState());
        assertEquals(Map.of(), c.metadata());
        assertEquals(0, c.epoch());
        assertEquals(SMALL, c.config());
        Run fresh = trained(SMALL, 0);
        c.restoreModel(fresh.model(), k);
        assertProblem(file, "holds no optimizer state (the weights alone): training cannot resume from it",
                () -> c.restoreOptimizer(fresh.adam(), k));
    }

    @Test
    void savedWithoutAnOptimizer() {
        Path file = dir.resolve("w.safetensors");
        Checkpoint.save(file, trained(SMALL, 0).model(), null, k, Map.of("epoch", "0"));
        Checkpoint c = Checkpoint.load(file);
        assertFalse(c.hasOptimizerState());
        assertFalse(c.metadata().containsKey("adam_step"));
    }

    @Test
    void theCallerCannotOverwriteWhatSaveWrites() {
        Run run = trained(SMALL, 0);
        Path file = dir.resolve("c.safetensors");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.save(file, run.model(), run.adam(), k, Map.of("hidden", "9")));
        assertEquals("metadata 'hidden' is written by Checkpoint.save itself", e.getMessage());
    }

    @Test
    void aModelOfOtherSizesIsRefused() {
        Checkpoint c = Checkpoint.load(saved(SMALL));
        Vae other = new Vae(k, new VaeConfig(12, 16, 4, 2), 4);
        assertProblem(c.file(), "checkpoint has hidden=8, the model has hidden=16 (--hidden)", () -> c.restoreModel(other, k));
        Vae two = new Vae(k, new VaeConfig(12, 8, 5, 3), 4);
        assertProblem(c.file(), "checkpoint has feature=4, latent=2, the model has feature=5, latent=3 (--feature, --latent)",
                () -> c.restoreModel(two, k));
    }

    @Test
    void aPlainAutoencoderRoundTripsWithoutTheLogVarianceHead() {
        VaeConfig ae = SMALL.withKind(ModelKind.AE);
        Path file = saved(ae);
        Checkpoint c = Checkpoint.load(file);
        assertEquals(ae, c.config(), "the kind is read off the tensors: no logvar_layer");
        assertEquals("ae", c.metadata().get("model"));
        assertEquals(null, c.tensor("logvar_layer.weight"));
        assertEquals(null, c.tensor("optimizer.exp_avg.logvar_layer.bias"));

        Run run = trained(ae, 1);
        Vae model = new Vae(k, ae, 4);
        Adam adam = new Adam(k, model.parameters(), 1e-3);
        c.restoreModel(model, k);
        c.restoreOptimizer(adam, k);
        for (int i = 0; i < model.parameters().size(); i++) {
            assertBitsEqual(run.model().parameters().get(i).value, model.parameters().get(i).value, model.parameters().get(i).name);
            assertBitsEqual(run.adam().secondMoments().get(i), adam.secondMoments().get(i), "exp_avg_sq");
        }
    }

    @Test
    void aModelOfTheOtherKindIsRefused() {
        Checkpoint ae = Checkpoint.load(saved(SMALL.withKind(ModelKind.AE)));
        assertProblem(ae.file(), "holds a plain autoencoder (model=ae), the model is the VAE (--model vae)",
                () -> ae.restoreModel(new Vae(k, SMALL, 4), k));
        Checkpoint vae = Checkpoint.load(saved(SMALL));
        assertProblem(vae.file(), "holds the VAE (model=vae), the model is a plain autoencoder (--model ae)",
                () -> vae.restoreModel(new Vae(k, SMALL.withKind(ModelKind.AE), 4), k));
    }

    @Test
    void aVaeThatLostItsLogVarianceHeadIsRefused() {
        Path file = rewrite(saved(SMALL), tensors -> keep(tensors, t -> !t.name().contains("logvar_layer")),
                Map.of("adam_step", "1", "model", "vae"));
        assertProblem(file, "metadata says model=vae, but the tensors are a plain autoencoder's (without logvar_layer)",
                () -> Checkpoint.load(file));
        Path half = rewrite(saved(SMALL), tensors -> keep(tensors, t -> !t.name().equals("logvar_layer.weight")), RUN);
        assertProblem(half, "missing tensor 'logvar_layer.weight' [2, 4]", () -> Checkpoint.load(half));
    }

    // ---- broken files -------------------------------------------------------------------------

    @Test
    void truncated() {
        Path file = saved(SMALL);
        byte[] bytes = RawFiles.read(file);
        RawFiles.bytes(file, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        assertProblem(file, "tensor 'optimizer.exp_avg_sq.decoder.fc3.weight' has data_offsets [3408, 3792)", () -> Checkpoint.load(file));
        assertProblem(file, "past the end of the data section", () -> Checkpoint.load(file));
    }

    @Test
    void wrongDtype() {
        Path file = saved(SMALL);
        byte[] bytes = RawFiles.read(file);
        replaceOnce(bytes, "{\"dtype\":\"F32\"", "{\"dtype\":\"F16\"");
        RawFiles.bytes(file, bytes);
        assertProblem(file, "tensor 'encoder.fc1.weight' has dtype F16, only F32 is read", () -> Checkpoint.load(file));
        replaceOnce(bytes, "{\"dtype\":\"F16\"", "{\"dtype\":\"F64\"");
        RawFiles.bytes(file, bytes);
        assertProblem(file, "tensor 'encoder.fc1.weight' has dtype F64, only F32 is read", () -> Checkpoint.load(file));
    }

    @Test
    void wrongShape() {
        Path file = rewrite(saved(SMALL), tensors -> replace(tensors, "decoder.fc2.weight",
                new NamedTensor("decoder.fc2.weight", new int[] {8, 5}, new float[40])), Map.of());
        assertProblem(file, "tensor 'decoder.fc2.weight' has shape [8, 5], expected [8, 4] for a model with "
                + "input=12, hidden=8, feature=4, latent=2", () -> Checkpoint.load(file));
        Path bias = rewrite(file, tensors -> replace(tensors, "decoder.fc2.weight",
                new NamedTensor("decoder.fc2.weight", new int[] {8, 4, 1}, new float[32])), Map.of());
        assertProblem(bias, "tensor 'decoder.fc2.weight' has shape [8, 4, 1], expected [8, 4]", () -> Checkpoint.load(bias));
    }

    @Test
    void wrongShapeOfATensorTheSizesAreReadFrom() {
        Path file = rewrite(saved(SMALL), tensors -> replace(tensors, "mu_layer.weight",
                new NamedTensor("mu_layer.weight", new int[] {8}, new float[8])), Map.of());
        assertProblem(file, "tensor 'mu_layer.weight' has shape [8], expected a matrix [latent, feature]",
                () -> Checkpoint.load(file));
    }

    @Test
    void nanWeight() {
        Path file = patchFloat(saved(SMALL), 5, Float.NaN);
        assertProblem(file, "tensor 'encoder.fc1.weight' holds NaN at index 5 [0, 5]", () -> Checkpoint.load(file));
    }

    @Test
    void infiniteWeight() {
        Path file = patchFloat(saved(SMALL), 12 * 8 + 3, Float.POSITIVE_INFINITY);
        assertProblem(file, "tensor 'encoder.fc1.bias' holds Infinity at index 3 [3]", () -> Checkpoint.load(file));
    }

    @Test
    void missingTensor() {
        Path file = rewrite(saved(SMALL), tensors -> keep(tensors, t -> !t.name().equals("decoder.fc3.bias")), RUN);
        assertProblem(file, "missing tensor 'decoder.fc3.bias' [12]", () -> Checkpoint.load(file));
        Path first = rewrite(file, tensors -> keep(tensors, t -> !t.name().equals("encoder.fc1.weight")), RUN);
        assertProblem(first, "missing tensor 'encoder.fc1.weight' [hidden, input]", () -> Checkpoint.load(first));
    }

    @Test
    void incompleteOptimizerState() {
        Path file = rewrite(saved(SMALL), tensors -> keep(tensors,
                t -> !t.name().equals("optimizer.exp_avg_sq.mu_layer.bias")), Map.of("adam_step", "1"));
        assertProblem(file, "missing tensor 'optimizer.exp_avg_sq.mu_layer.bias' [2]: the optimizer state is incomplete",
                () -> Checkpoint.load(file));
    }

    @Test
    void unknownTensor() {
        Path file = rewrite(saved(SMALL), tensors -> append(tensors, new NamedTensor("x", new int[] {2}, new float[2])), RUN);
        assertProblem(file, "unknown tensor 'x' (a checkpoint holds the 14 parameters and, optionally, "
                + "optimizer.exp_avg.* and optimizer.exp_avg_sq.*)", () -> Checkpoint.load(file));
        Path opt = rewrite(file, tensors -> replace(tensors, "x", new NamedTensor("optimizer.step", new int[] {1}, new float[1])), RUN);
        assertProblem(opt, "unknown tensor 'optimizer.step'", () -> Checkpoint.load(opt));
    }

    @Test
    void metadataThatDisagrees() {
        assertMetadataRefused(Map.of("hidden", "9"), "metadata says hidden=9, but the tensors have hidden=8");
        assertMetadataRefused(Map.of("format_version", "2"), "format_version 2 is not supported (this program reads version 1)");
        assertMetadataRefused(Map.of("format", "pickle"), "format is 'pickle', expected 'vae-checkpoint'");
        assertMetadataRefused(Map.of("adam_step", "1", "epoch", "three"),
                "metadata epoch is 'three', expected a whole number from 0 to 2147483647");
        assertMetadataRefused(Map.of(), "has Adam's moments but no adam_step in its metadata");
    }

    private void assertMetadataRefused(Map<String, String> metadata, String problem) {
        Path file = rewrite(saved(SMALL), UnaryOperator.identity(), metadata);
        assertProblem(file, problem, () -> Checkpoint.load(file));
    }

    // ---- writing ------------------------------------------------------------------------------

    @Test
    void aSaveThatFailsMidwayLeavesTheOldCheckpoint() {
        Path file = saved(SMALL);
        byte[] before = RawFiles.read(file);
        Run later = trained(SMALL, 2);

        assertProblem(file, "cannot write: No space left on device",
                () -> Checkpoint.save(file, later.model(), later.adam(), k, RUN, FullDisk.after(1000)));

        assertArrayEquals(before, RawFiles.read(file), "the old checkpoint is byte for byte the same");
        assertEquals(List.of(file), SafeTensorsTest.list(dir), "no temporary file is left behind");
        assertEquals("1", Checkpoint.load(file).metadata().get("adam_step"));
        Checkpoint.save(file, later.model(), later.adam(), k, RUN);
        assertEquals("2", Checkpoint.load(file).metadata().get("adam_step"));
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static void assertProblem(Path file, String problem, Runnable action) {
        CheckpointException e = assertThrows(CheckpointException.class, action::run);
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), "expected \"" + problem + "\" in: " + e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one line: " + e.getMessage());
    }

    private void assertBitsEqual(Tensor expected, Tensor actual, String what) {
        float[] a = new float[expected.size()], b = new float[actual.size()];
        k.download(expected, a.length, a);
        k.download(actual, b.length, b);
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
                throw new AssertionError(what + "[" + i + "]: " + a[i] + " != " + b[i]);
            }
        }
        assertEquals(a.length, b.length, what);
    }

    /** Reads a file's tensors, changes them, and writes them with the given metadata to a new file. */
    private Path rewrite(Path file, UnaryOperator<List<NamedTensor>> change, Map<String, String> metadata) {
        Path out = dir.resolve("changed_" + file.getFileName());
        SafeTensors.write(out, change.apply(new ArrayList<>(SafeTensors.read(file).tensors())), metadata);
        return out;
    }

    private static List<NamedTensor> keep(List<NamedTensor> tensors, java.util.function.Predicate<NamedTensor> which) {
        return tensors.stream().filter(which).toList();
    }

    private static List<NamedTensor> replace(List<NamedTensor> tensors, String name, NamedTensor with) {
        return tensors.stream().map(t -> t.name().equals(name) ? with : t).toList();
    }

    private static List<NamedTensor> append(List<NamedTensor> tensors, NamedTensor t) {
        List<NamedTensor> all = new ArrayList<>(tensors);
        all.add(t);
        return all;
    }

    /** Overwrites float number {@code index} of the data section, as a flipped disk block would. */
    private static Path patchFloat(Path file, int index, float value) {
        byte[] bytes = RawFiles.read(file);
        int at = (int) (8 + RawFiles.headerLength(bytes)) + 4 * index;
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putFloat(at, value);
        return RawFiles.bytes(file, bytes);
    }

    private static void replaceOnce(byte[] bytes, String from, String to) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int at = text.indexOf(from);
        byte[] replacement = to.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(replacement, 0, bytes, at, replacement.length);
    }
}
