package vae.train;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import tech.tablesaw.api.Table;
import vae.checkpoint.Checkpoint;
import vae.checkpoint.CheckpointException;
import vae.data.Binarize;
import vae.data.DataSet;

/**
 * The seed's "checkpoint every 10 epochs", made resumable: after every K-th epoch and the last
 * one, {@code OUT/checkpoints/vae_epoch_NNN.safetensors} holds the weights, Adam's state, the
 * history so far and the run's settings; when a run is stopped (Ctrl-C) mid-epoch, a checkpoint
 * also records how far into the epoch it got.
 */
public final class Checkpoints implements Trainer.Listener {
    public static final String FOLDER = "checkpoints";

    /** With --keep-best: the model of the epoch with the lowest validation loss so far. */
    public static final String BEST = "vae_best.safetensors";

    private final Path folder;
    private final int every;
    private final boolean keepBest;
    private Path lastSaved;

    public Checkpoints(Path out, int every) {
        this(out, every, false);
    }

    /** As above, and with keepBest also {@value #BEST} whenever an epoch's validation loss is the lowest yet. */
    public Checkpoints(Path out, int every, boolean keepBest) {
        this.folder = out.resolve(FOLDER);
        this.every = every;
        this.keepBest = keepBest;
    }

    public static Path epochFile(Path folder, int epoch) {
        return folder.resolve(String.format("vae_epoch_%03d.safetensors", epoch));
    }

    @Override
    public void epochDone(Trainer trainer, int epoch, Metrics train, Metrics test) {
        if (epoch % every == 0 || epoch == trainer.config().epochs()) {
            save(trainer, epochFile(folder, epoch), Position.after(epoch), train.loss(), test.loss());
        }
        if (keepBest && isBestYet(trainer.history())) {
            save(trainer, folder.resolve(BEST), Position.after(epoch), train.loss(), test.loss());
        }
    }

    //> checkpoints best
    // the last epoch's validation loss is below every earlier one's (the history holds them all,
    // a resumed run's too, so a resumed run keeps the same best)
    static boolean isBestYet(History history) {
        Table t = history.table();
        if (!history.hasValidation() || t.rowCount() == 0) {
            return false;
        }
        double last = t.doubleColumn("validation_loss").getDouble(t.rowCount() - 1);
        for (int r = 0; r < t.rowCount() - 1; r++) {
            if (t.doubleColumn("validation_loss").getDouble(r) <= last) {
                return false;
            }
        }
        return true;
    }
    //< checkpoints best

    @Override
    public void stopped(Trainer trainer, Position at) {
        Path file = folder.resolve(String.format("vae_epoch_%03d_batch_%04d.safetensors", at.epochsDone(), at.batches()));
        save(trainer, file, at, Double.NaN, Double.NaN);
    }

    //> checkpoints save
    private void save(Trainer trainer, Path file, Position at, double trainLoss, double testLoss) {
        TrainConfig c = trainer.config();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("epoch", Integer.toString(at.epochsDone()));
        meta.put("train_loss", Double.toString(trainLoss));
        meta.put("test_loss", Double.toString(testLoss));
        meta.put("epochs", Integer.toString(c.epochs()));
        meta.put("batch_size", Integer.toString(c.batchSize()));
        meta.put("lr", Double.toString(c.lr()));
        meta.put("seed", Long.toString(c.seed()));
        meta.put("validation", Integer.toString(trainer.validationSize()));
        meta.put("data_set", trainer.dataSet().name());
        meta.put("binarize", trainer.binarize().option());
        // how far into the next epoch: nothing, unless the run was stopped mid-epoch
        meta.put("batches_done", Integer.toString(at.batches()));
        meta.put("bce_sum", Double.toString(at.bceSum()));
        meta.put("kl_sum", Double.toString(at.klSum()));
        meta.put("noise_state", Long.toString(at.noiseState()));
        meta.put("history", trainer.history().toCsv());
        Trainer.prepareOutput(folder);
        Checkpoint.save(file, trainer.model(), trainer.optimizer(), trainer.kernels(), meta);
        lastSaved = file;
    }
    //< checkpoints save

    /** The file written last, or null. */
    public Path lastSaved() {
        return lastSaved;
    }

    //> checkpoints resume
    /** Puts a trainer back where the checkpoint left off; returns where to go on from. */
    public static Position restore(Checkpoint cp, Trainer trainer) {
        cp.restoreModel(trainer.model(), trainer.kernels());
        cp.restoreOptimizer(trainer.optimizer(), trainer.kernels());
        Map<String, String> meta = cp.metadata();
        try {
            trainer.setHistory(History.fromCsv(require(cp, "history")));
            int epochsDone = cp.epoch();
            return new Position(epochsDone + 1, Integer.parseInt(require(cp, "batches_done")),
                    Double.parseDouble(require(cp, "bce_sum")), Double.parseDouble(require(cp, "kl_sum")),
                    Long.parseLong(require(cp, "noise_state")));
        } catch (RuntimeException e) {
            if (e instanceof CheckpointException) {
                throw e;
            }
            throw new CheckpointException(cp.file(), "its training state cannot be read (" + e.getMessage() + ")", e);
        }
    }
    //< checkpoints resume

    //> checkpoints data-set
    /**
     * The data set a checkpoint's model was trained on, as its {@code data_set} metadata names it;
     * null for a file that does not say (saved before the metadata had it, or by PyTorch).
     */
    public static String dataSet(Checkpoint cp) {
        return cp.metadata().get("data_set");
    }

    /** A line saying that the model meets another data set than it was trained on; null when it does not. */
    public static String otherDataSet(Checkpoint cp, DataSet data) {
        String trained = dataSet(cp);
        if (trained == null || trained.equals(data.name())) {
            return null;
        }
        return "note: " + cp.file() + " was trained on " + trained + ", and these images are " + data.name();
    }
    //< checkpoints data-set

    /** How the checkpoint's model saw its images: none (grey, also for a file that does not say), dynamic or fixed. */
    public static Binarize binarize(Checkpoint cp) {
        return Binarize.of(cp.metadata().getOrDefault("binarize", "none"));
    }

    /** A metadata value a resumable checkpoint must have. */
    static String require(Checkpoint cp, String key) {
        String value = cp.metadata().get(key);
        if (value == null) {
            throw new CheckpointException(cp.file(), "has no '" + key + "' in its metadata: it was not saved by a training run"
                    + " (--init FILE starts a new run from its weights)");
        }
        return value;
    }
}
