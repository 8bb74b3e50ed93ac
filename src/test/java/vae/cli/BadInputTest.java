package vae.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import vae.checkpoint.Checkpoint;
import vae.checkpoint.ClassifierFile;
import vae.checkpoint.NamedTensor;
import vae.checkpoint.SafeTensors;
import vae.checkpoint.TensorFile;
import vae.data.IdxFiles;
import vae.data.IdxReader;
import vae.model.Classifier;
import vae.model.ModelKind;
import vae.model.Vae;
import vae.model.VaeConfig;
import vae.optim.Adam;
import vae.tensor.Kernels;
import vae.tensor.ScalarKernels;

/**
 * Every bad input a user can give, one row each: what is built in a fresh folder, the command
 * line, the exit code, and what the one line on standard error must say, naming the file or the
 * flag. Every row also checks that nothing else is printed there and that no stack trace appears
 * (see {@link CliRun#assertOneLineError}). The files are tiny: no row reads real MNIST.
 *
 * <p>In the arguments, {@code DIR} stands for the row's folder. A data row's folder holds
 * {@code DIR/data} (4 training and 3 test images of 28 x 28, raw IDX) and one file broken;
 * a checkpoint row's holds {@code DIR/vae.safetensors}, a resumable checkpoint of a small model
 * ({@link #SMALL}) broken in one way.
 */
class BadInputTest {
    static final VaeConfig SMALL = new VaeConfig(784, 8, 4, 2);
    /** Flags that keep a run small, for the rows that get as far as training. */
    static final String FAST = "--epochs 1 --batch-size 2 --hidden 8 --feature 4 --threads 1 --kernels scalar";
    static final String TRAIN = "train --data DIR/data --out DIR/out " + FAST;
    static final String EVALUATE = "evaluate --data DIR/data --out DIR/out --threads 1 --kernels scalar --checkpoint DIR/vae.safetensors";
    static final String RESUME = "train --data DIR/data --out DIR/out --threads 1 --kernels scalar --resume DIR/vae.safetensors";

    /** Builds the row's bad input in its folder. */
    @FunctionalInterface
    interface Setup {
        void build(Path dir) throws IOException;

        default Setup then(Setup next) {
            return dir -> {
                build(dir);
                next.build(dir);
            };
        }
    }

    record Row(String name, Setup setup, String args, int exit, String fragment) {
        @Override
        public String toString() {
            return name;
        }
    }

    //> bad-input rows
    static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        // ---- the data folder and its four files
        rows.add(new Row("missing data folder", dir -> { }, TRAIN.replace("DIR/data", "DIR/nowhere"), 1,
                "nowhere: folder not found (the project keeps MNIST in data/mnist"));
        rows.add(new Row("data folder is a file", file("data", new byte[1]), TRAIN, 1, "data: not a folder"));
        for (String name : List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                "t10k-labels-idx1-ubyte")) {
            rows.add(new Row("missing " + name, DATA.then(dir -> Files.delete(dir.resolve("data").resolve(name))), TRAIN, 1,
                    name + ".gz: file not found, nor " + name));
        }
        rows.add(new Row("wrong magic number", DATA.then(file("data/train-images-idx3-ubyte", CliRun.labels(4))), TRAIN, 1,
                "train-images-idx3-ubyte: wrong magic number 0x00000801, expected 0x00000803 (IDX images)"));
        rows.add(new Row("truncated images", DATA.then(cut("data/train-images-idx3-ubyte", 10)), TRAIN, 1,
                "train-images-idx3-ubyte: expected 3136 data bytes (4 x 28 x 28), found 3126: the file is truncated"));
        rows.add(new Row("trailing bytes", DATA.then(file("data/t10k-labels-idx1-ubyte", Arrays.copyOf(CliRun.labels(3), 8 + 5))),
                TRAIN, 1, "t10k-labels-idx1-ubyte: expected 3 data bytes (3), found 5: 2 trailing bytes"));
        rows.add(new Row("truncated gzip", DATA.then(gzipCut("data/train-images-idx3-ubyte", 2)), TRAIN, 1,
                "train-images-idx3-ubyte.gz: the gzip stream ends early: the file is truncated"));
        rows.add(new Row("image and label counts differ", DATA.then(file("data/train-labels-idx1-ubyte", CliRun.labels(3))), TRAIN, 1,
                "train-labels-idx1-ubyte: 3 labels for the 4 images of"));
        rows.add(new Row("label that is not a digit", DATA.then(file("data/t10k-labels-idx1-ubyte", badLabel())), TRAIN, 1,
                "t10k-labels-idx1-ubyte: label 10 at index 1 is not a digit 0..9"));
        rows.add(new Row("20x20 images for a model of 784 pixels", DATA.then(file("data/train-images-idx3-ubyte", IdxFiles.images(4, 20, 20)))
                .then(file("data/t10k-images-idx3-ubyte", IdxFiles.images(3, 20, 20))), TRAIN, 1, "train-images-idx3-ubyte"));
        rows.add(new Row("evaluate: 20x20 test images", DATA.then(CHECKPOINT).then(file("data/t10k-images-idx3-ubyte", IdxFiles.images(3, 20, 20))),
                EVALUATE, 1, "t10k-images-idx3-ubyte"));
        rows.add(new Row("a header claiming 2^31-1 images", DATA.then(file("data/train-images-idx3-ubyte", imagesHeader(Integer.MAX_VALUE))),
                TRAIN, 1, "train-images-idx3-ubyte: header claims 2147483647 x 28 x 28 bytes of data, more than the limit of 100000000"));
        rows.add(new Row("a .gz that is not gzip", DATA.then(rename("data/train-labels-idx1-ubyte", "data/train-labels-idx1-ubyte.gz")), TRAIN, 1,
                "train-labels-idx1-ubyte.gz: named .gz but not gzip-compressed (starts with 0x0000"));
        rows.add(new Row("a broken gzip stream", DATA.then(file("data/t10k-images-idx3-ubyte.gz", brokenGzip())), TRAIN, 1,
                "t10k-images-idx3-ubyte.gz: corrupt gzip stream"));
        rows.add(new Row("empty file", DATA.then(file("data/train-images-idx3-ubyte", new byte[0])), TRAIN, 1,
                "train-images-idx3-ubyte: empty file (0 bytes)"));
        rows.add(new Row("a header and no data", DATA.then(file("data/t10k-labels-idx1-ubyte", new byte[] {0, 0, 8, 1, 0, 0})), TRAIN, 1,
                "t10k-labels-idx1-ubyte: too short: the data ends inside the IDX header"));
        rows.add(new Row("--validation as large as the training set", DATA, TRAIN + " --validation 4", 2,
                "--validation must be from 0 to 3, got 4"));
        rows.add(new Row("--keep-best without a validation split", DATA, TRAIN + " --keep-best", 2,
                "--keep-best keeps the epoch with the lowest validation loss: it needs --validation N"));
        rows.add(new Row("--binarize with an unknown way", DATA, TRAIN + " --binarize sometimes", 2,
                "--binarize sometimes: none, dynamic or fixed"));
        rows.add(new Row("--model of an unknown kind", DATA, TRAIN + " --model gan", 2, "--model gan: vae or ae"));

        // ---- checkpoints, for evaluate --checkpoint and train --resume
        Map<String, Setup> broken = new LinkedHashMap<>();
        broken.put("truncated", CHECKPOINT.then(cut("vae.safetensors", 100)));
        broken.put("huge header length", CHECKPOINT.then(headerLength(10_000_000_000L)));
        broken.put("bad JSON", CHECKPOINT.then(unclosedHeader()));
        broken.put("wrong dtype", CHECKPOINT.then(replaceInHeader("\"F32\"", "\"F16\"")));
        broken.put("wrong shape", CHECKPOINT.then(wrongShape()));
        broken.put("NaN weights", CHECKPOINT.then(nanWeight()));
        broken.put("no such file", dir -> { });
        broken.put("empty file", file("vae.safetensors", new byte[0]));
        List<String> fragments = List.of(
                "vae.safetensors: tensor 'optimizer.exp_avg_sq.decoder.fc3.bias' has data_offsets",
                "vae.safetensors: header length 10000000000 is larger than the file",
                "vae.safetensors: header is not valid JSON: Unexpected end-of-input",
                "vae.safetensors: tensor 'encoder.fc1.weight' has dtype F16, only F32 is read",
                "vae.safetensors: tensor 'decoder.fc3.bias' has shape [783], expected [784] for a model with input=784, hidden=8",
                "vae.safetensors: tensor 'encoder.fc1.weight' holds NaN at index 0 [0, 0]",
                "vae.safetensors: no such file",
                "vae.safetensors: file is 0 bytes long, too short for a safetensors file");
        int i = 0;
        for (Map.Entry<String, Setup> b : broken.entrySet()) {
            String fragment = fragments.get(i++);
            rows.add(new Row("evaluate: checkpoint " + b.getKey(), DATA.then(b.getValue()), EVALUATE, 1, fragment));
            rows.add(new Row("train --resume: checkpoint " + b.getKey(), DATA.then(b.getValue()), RESUME, 1, fragment));
        }
        rows.add(new Row("train --resume with another --hidden", DATA.then(CHECKPOINT), RESUME + " --hidden 200", 2,
                "vae.safetensors: --hidden 200 conflicts with the checkpoint's 8"));
        rows.add(new Row("train --resume with another --lr", DATA.then(CHECKPOINT), RESUME + " --lr 0.5", 2,
                "vae.safetensors: --lr 0.5 conflicts with the checkpoint's lr 0.001"));
        rows.add(new Row("evaluate --exact of a 3-D latent space", DATA.then(THREE_LATENT), EVALUATE + " --exact", 2,
                "--exact integrates over a 2-D latent space, and DIR/vae.safetensors has 3 latent dimensions"));
        rows.add(new Row("evaluate --exact of a plain autoencoder", DATA.then(AUTOENCODER), EVALUATE + " --exact", 2,
                "--exact integrates p(x) = ∫ p(x|z) p(z) dz, and DIR/vae.safetensors holds a plain autoencoder, which has no p(z)"));
        rows.add(new Row("train --resume of a VAE with --model ae", DATA.then(CHECKPOINT), RESUME + " --model ae", 2,
                "vae.safetensors: --model ae conflicts with the checkpoint's vae"));
        rows.add(new Row("train --init of a plain autoencoder into a VAE", DATA.then(AUTOENCODER),
                "train --data DIR/data --out DIR/out --threads 1 --kernels scalar --epochs 1 --hidden 8 --feature 4 --init DIR/vae.safetensors", 1,
                "vae.safetensors: holds a plain autoencoder (model=ae), the model is the VAE (--model vae)"));
        rows.add(new Row("train --resume with another --binarize", DATA.then(CHECKPOINT), RESUME + " --binarize dynamic", 2,
                "vae.safetensors: --binarize dynamic conflicts with the checkpoint's none"));
        rows.add(new Row("train --resume on another data set", DATA.then(CHECKPOINT_OF_MNIST), RESUME, 2,
                "vae.safetensors: was trained on MNIST, but --data DIR/data holds unrecognised IDX data"));
        rows.add(new Row("train --resume from weights alone", DATA.then(WEIGHTS), RESUME, 2,
                "vae.safetensors: has no 'batch_size' in its metadata"));
        rows.add(new Row("train --init from a model of other sizes", DATA.then(CHECKPOINT),
                "train --data DIR/data --out DIR/out --threads 1 --kernels scalar --epochs 1 --init DIR/vae.safetensors", 1,
                "vae.safetensors: checkpoint has hidden=8, feature=4, the model has hidden=400, feature=10 (--hidden, --feature)"));

        // ---- the classifier, for evaluate --classifier
        rows.add(new Row("evaluate --classifier: a VAE checkpoint", DATA.then(CHECKPOINT), EVALUATE + " --classifier DIR/vae.safetensors", 1,
                "vae.safetensors: is a VAE checkpoint, not a classifier (vae classifier --out"));
        rows.add(new Row("evaluate --classifier: no such file", DATA.then(CHECKPOINT), EVALUATE + " --classifier DIR/classifier.safetensors", 1,
                "classifier.safetensors: no such file"));
        rows.add(new Row("evaluate --classifier: truncated", DATA.then(CHECKPOINT).then(CLASSIFIER).then(cut("classifier.safetensors", 100)),
                EVALUATE + " --classifier DIR/classifier.safetensors", 1,
                "classifier.safetensors: tensor 'fc2.weight' has data_offsets [25120, 25440) past the end of the data section (25380 bytes): the file is truncated"));
        rows.add(new Row("evaluate --classifier: another image size", DATA.then(CHECKPOINT).then(classifier(100)),
                EVALUATE + " --classifier DIR/classifier.safetensors", 1,
                "classifier.safetensors: the classifier reads 100 pixels, and DIR/vae.safetensors draws images of 784"));
        rows.add(new Row("classifier --epochs 0", dir -> { }, "classifier --epochs 0", 2, "--epochs must be at least 1, got 0"));
        rows.add(new Row("classifier --batch-size 0", dir -> { }, "classifier --batch-size 0", 2, "--batch-size must be at least 1, got 0"));
        rows.add(new Row("classifier --batch-size over the training set", DATA,
                "classifier --data DIR/data --out DIR/out --threads 1 --batch-size 5", 2, "--batch-size must be at most 4, got 5"));
        rows.add(new Row("classifier --lr 0", dir -> { }, "classifier --lr 0", 2, "--lr must be a positive finite number, got 0.0"));
        rows.add(new Row("classifier --out under a regular file", DATA.then(file("file", new byte[1])),
                "classifier --data DIR/data --out DIR/file/out --threads 1", 1, "file/out: cannot create the output folder"));

        // ---- flags
        rows.add(new Row("--epochs -1", dir -> { }, "train --epochs -1", 2, "--epochs must be at least 1, got -1"));
        rows.add(new Row("--epochs 0", dir -> { }, "train --epochs 0", 2, "--epochs must be at least 1, got 0"));
        rows.add(new Row("--epochs not a number", dir -> { }, "train --epochs ten", 2, "'ten' is not an int"));
        rows.add(new Row("--epochs without its value", dir -> { }, "train --epochs", 2, "'--epochs'"));
        rows.add(new Row("--batch-size 0", dir -> { }, "train --batch-size 0", 2, "--batch-size must be at least 1, got 0"));
        rows.add(new Row("--batch-size over 60000", dir -> { }, "train --batch-size 60001", 2, "--batch-size must be at most 60000"));
        rows.add(new Row("--lr nan", dir -> { }, "train --lr nan", 2, "Invalid value for option '--lr': 'nan' is not a double"));
        rows.add(new Row("--lr NaN", dir -> { }, "train --lr NaN", 2, "--lr must be a positive finite number, got NaN"));
        rows.add(new Row("--lr Infinity", dir -> { }, "train --lr Infinity", 2, "--lr must be a positive finite number, got Infinity"));
        rows.add(new Row("--lr 0", dir -> { }, "train --lr 0", 2, "--lr must be a positive finite number, got 0.0"));
        rows.add(new Row("--lr -0.001", dir -> { }, "train --lr -0.001", 2, "--lr must be a positive finite number"));
        rows.add(new Row("--kernels gpu", dir -> { }, "train --kernels gpu", 2, "--kernels must be vector or scalar, got 'gpu'"));
        rows.add(new Row("evaluate --kernels gpu", dir -> { }, "evaluate --checkpoint x --kernels gpu", 2, "--kernels must be vector or scalar"));
        rows.add(new Row("--device cuda", dir -> { }, "train --device cuda", 2, "--device must be cpu, opencl or auto, got 'cuda'"));
        rows.add(new Row("evaluate --device cuda", dir -> { }, "evaluate --checkpoint x --device cuda", 2,
                "--device must be cpu, opencl or auto, got 'cuda'"));
        rows.add(new Row("an unknown option", dir -> { }, "train --epoch 3", 2, "'--epoch'"));
        rows.add(new Row("an unknown command", dir -> { }, "trian --epochs 3", 2, "'trian'"));
        rows.add(new Row("--threads 0", dir -> { }, "train --threads 0", 2, "--threads must be at least 1, got 0"));
        rows.add(new Row("--hidden 0", dir -> { }, "train --hidden 0", 2, "--hidden must be at least 1, got 0"));
        rows.add(new Row("--latent 100000", dir -> { }, "train --latent 100000", 2, "--latent must be at most 65536, got 100000"));
        rows.add(new Row("--checkpoint-every 0", dir -> { }, "train --checkpoint-every 0", 2, "--checkpoint-every must be at least 1, got 0"));
        rows.add(new Row("--validation -1", dir -> { }, "train --validation -1", 2, "--validation must be at least 0, got -1"));
        rows.add(new Row("--resume and --init together", DATA.then(CHECKPOINT),
                "train --out DIR/out --init DIR/vae.safetensors --resume DIR/vae.safetensors", 2,
                "--resume and --init cannot be used together"));
        rows.add(new Row("sweep --models of an unknown kind", dir -> { }, "sweep --models vae,gan", 2, "--models gan: each is vae or ae"));
        rows.add(new Row("sweep --latent 0", dir -> { }, "sweep --latent 2,0", 2, "--latent must be at least 1, got 0"));
        rows.add(new Row("sweep --latent not a number", dir -> { }, "sweep --latent 2,x", 2, "'x' is not an int"));
        rows.add(new Row("evaluate without --checkpoint", dir -> { }, "evaluate", 2, "Missing required option: '--checkpoint=FILE'"));
        rows.add(new Row("evaluate --samples 0", dir -> { }, "evaluate --checkpoint x --samples 0", 2, "--samples must be at least 1, got 0"));

        // ---- an output folder that cannot be written
        rows.add(new Row("--out under a regular file", DATA.then(file("file", new byte[1])), TRAIN.replace("DIR/out", "DIR/file/out"), 1,
                "file/out: cannot create the output folder"));
        rows.add(new Row("--out is a regular file", DATA.then(file("file", new byte[1])), TRAIN.replace("DIR/out", "DIR/file"), 1,
                "file: cannot create the output folder"));
        rows.add(new Row("--out in /proc", DATA, TRAIN.replace("DIR/out", "/proc/vae-out"), 1,
                "/proc/vae-out: cannot create the output folder"));
        rows.add(new Row("evaluate --out under a regular file", DATA.then(CHECKPOINT).then(file("file", new byte[1])),
                EVALUATE.replace("DIR/out", "DIR/file/out"), 1, "file/out: cannot create the output folder"));
        rows.add(new Row("figures --projection of an unknown kind", DATA.then(CHECKPOINT),
                "figures --data DIR/data --out DIR/out --threads 1 --kernels scalar --checkpoint DIR/vae.safetensors --projection umap", 2,
                "--projection umap: none, pca or tsne"));
        rows.add(new Row("figures --out under a regular file", DATA.then(CHECKPOINT).then(file("file", new byte[1])),
                "figures --data DIR/data --out DIR/file/out --threads 1 --kernels scalar --checkpoint DIR/vae.safetensors", 1,
                "file/out/figures: cannot create the output folder"));
        return rows;
    }
    //< bad-input rows

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void refusedWithOneLine(Row row, @TempDir Path dir) throws IOException {
        row.setup().build(dir);
        String[] args = Arrays.stream(row.args().split(" ")).map(a -> a.replace("DIR", dir.toString())).toArray(String[]::new);
        CliRun run = CliRun.of(args);
        String line = run.assertOneLineError();
        String fragment = row.fragment().replace("DIR", dir.toString());
        assertTrue(line.contains(fragment), "expected '" + fragment + "' in\n" + line);
        assertEquals(row.exit(), run.exit(), line);
    }

    // ---- data files -------------------------------------------------------------------------

    static final Setup DATA = dir -> CliRun.mnist(dir.resolve("data"), 4, 3);

    static Setup file(String name, byte[] bytes) {
        return dir -> CliRun.put(dir.resolve(name), bytes);
    }

    static Setup cut(String name, int bytes) {
        return dir -> {
            byte[] whole = CliRun.read(dir.resolve(name));
            CliRun.put(dir.resolve(name), Arrays.copyOf(whole, whole.length - bytes));
        };
    }

    static Setup rename(String from, String to) {
        return dir -> Files.move(dir.resolve(from), dir.resolve(to));
    }

    // the file gzip-compressed as NAME.gz, then cut to 1/parts of its length
    static Setup gzipCut(String name, int parts) {
        return dir -> {
            byte[] gz = IdxFiles.gzip(CliRun.read(dir.resolve(name)));
            Files.delete(dir.resolve(name));
            CliRun.put(dir.resolve(name + ".gz"), Arrays.copyOf(gz, gz.length / parts));
        };
    }

    // a gzip header (1f 8b, deflate) followed by bytes that are not a deflate stream
    static byte[] brokenGzip() {
        byte[] bytes = new byte[64];
        Arrays.fill(bytes, (byte) 0xff);
        System.arraycopy(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3}, 0, bytes, 0, 10);
        return bytes;
    }

    // an images header claiming `count` images of 28 x 28, and no pixels
    static byte[] imagesHeader(int count) {
        return ByteBuffer.allocate(16).putInt(IdxReader.IMAGES_MAGIC).putInt(count).putInt(28).putInt(28).array();
    }

    static byte[] badLabel() {
        byte[] labels = CliRun.labels(3);
        labels[8 + 1] = 10;
        return labels;
    }

    // ---- checkpoints ------------------------------------------------------------------------

    /** A checkpoint of SMALL with Adam's state and a training run's metadata: what train --resume takes. */
    static final Setup CHECKPOINT = dir -> save(dir.resolve("vae.safetensors"), true);
    /** The weights alone, no optimizer and no run metadata: what --init takes. */
    static final Setup WEIGHTS = dir -> save(dir.resolve("vae.safetensors"), false);
    /** The weights of a model with 3 latent dimensions. */
    static final Setup THREE_LATENT = dir -> {
        Kernels k = new ScalarKernels();
        Vae model = new Vae(k, new VaeConfig(784, 8, 4, 3), 1);
        model.initialize(42);
        Checkpoint.save(dir.resolve("vae.safetensors"), model, null, k, Map.of());
    };
    /** The weights of a plain autoencoder of SMALL's sizes. */
    static final Setup AUTOENCODER = dir -> {
        Kernels k = new ScalarKernels();
        Vae model = new Vae(k, SMALL.withKind(ModelKind.AE), 1);
        model.initialize(42);
        Checkpoint.save(dir.resolve("vae.safetensors"), model, null, k, Map.of());
    };
    /** A classifier of 784 pixels, 8 hidden units and 10 classes, as vae classifier writes it. */
    static final Setup CLASSIFIER = classifier(784);

    static Setup classifier(int input) {
        return dir -> {
            Kernels k = new ScalarKernels();
            Classifier model = new Classifier(k, input, 8, 10, 1);
            ClassifierFile.save(dir.resolve("classifier.safetensors"), model, k, Map.of("test_accuracy", "0.5"));
        };
    }

    /** As CHECKPOINT, from a run on MNIST: its metadata says data_set MNIST. */
    static final Setup CHECKPOINT_OF_MNIST = dir -> save(dir.resolve("vae.safetensors"), true, "MNIST");

    static void save(Path file, boolean run) {
        save(file, run, null);
    }

    static void save(Path file, boolean run, String dataSet) {
        Kernels k = new ScalarKernels();
        Vae model = new Vae(k, SMALL, 1);
        model.initialize(42);
        Map<String, String> meta = new LinkedHashMap<>();
        Adam adam = null;
        if (run) {
            adam = new Adam(k, model.parameters(), 1e-3);
            meta.putAll(Map.of("epoch", "1", "epochs", "2", "batch_size", "2", "lr", "0.001", "seed", "42",
                    "validation", "0", "batches_done", "0", "bce_sum", "0.0", "kl_sum", "0.0", "noise_state", "0"));
            if (dataSet != null) {
                meta.put("data_set", dataSet);
            }
        }
        Checkpoint.save(file, model, adam, k, meta);
    }

    static Setup headerLength(long length) {
        return dir -> {
            byte[] bytes = CliRun.read(dir.resolve("vae.safetensors"));
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, length);
            CliRun.put(dir.resolve("vae.safetensors"), bytes);
        };
    }

    // the header's closing brace becomes a space: the JSON never ends
    static Setup unclosedHeader() {
        return dir -> {
            byte[] bytes = CliRun.read(dir.resolve("vae.safetensors"));
            int end = 8 + (int) ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
            int brace = end - 1;
            while (bytes[brace] != '}') {
                brace--;
            }
            bytes[brace] = ' ';
            CliRun.put(dir.resolve("vae.safetensors"), bytes);
        };
    }

    // the first occurrence of `from` in the header becomes `to`, of the same length
    static Setup replaceInHeader(String from, String to) {
        return dir -> {
            byte[] bytes = CliRun.read(dir.resolve("vae.safetensors"));
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            int at = text.indexOf(from);
            System.arraycopy(to.getBytes(StandardCharsets.ISO_8859_1), 0, bytes, at, to.length());
            CliRun.put(dir.resolve("vae.safetensors"), bytes);
        };
    }

    // decoder.fc3.bias loses its last element: a well-formed file of the wrong shape
    static Setup wrongShape() {
        return dir -> {
            Path file = dir.resolve("vae.safetensors");
            TensorFile read = SafeTensors.read(file);
            List<NamedTensor> tensors = new ArrayList<>();
            for (NamedTensor t : read.tensors()) {
                tensors.add(!t.name().equals("decoder.fc3.bias") ? t
                        : new NamedTensor(t.name(), new int[] {783}, Arrays.copyOf(t.data(), 783)));
            }
            SafeTensors.write(file, tensors, read.metadata());
        };
    }

    // the first float of the data section (encoder.fc1.weight[0, 0]) becomes NaN
    static Setup nanWeight() {
        return dir -> {
            byte[] bytes = CliRun.read(dir.resolve("vae.safetensors"));
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            b.putFloat(8 + (int) b.getLong(0), Float.NaN);
            CliRun.put(dir.resolve("vae.safetensors"), bytes);
        };
    }
}
