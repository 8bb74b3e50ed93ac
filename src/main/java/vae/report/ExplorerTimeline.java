package vae.report;

import java.util.ArrayList;
import java.util.List;
import vae.data.Mnist;
import vae.model.Vae;
import vae.tensor.Kernels;

/**
 * The explorer's frames across training, for {@value Explorer#TRAINING_HTML}: after some epochs
 * (those {@link ReconstructionTimeline#due} picks, the same as the reconstructions' timeline)
 * where the encoder put every test image, and the decoder as it was. Frames are kept in memory
 * (the decoder's 318,000 floats and the test set's means each), so a resumed run starts anew.
 */
public final class ExplorerTimeline {
    private final Kernels k;
    private final Mnist test;
    private final List<Explorer.Frame> frames = new ArrayList<>();
    private Latents latents;

    public ExplorerTimeline(Kernels k, Mnist test) {
        this.k = k;
        this.test = test;
    }

    //> explorer record
    // adds a frame: the test images' latent means under model, and its decoder, after epoch
    public void record(int epoch, Vae model) {
        if (latents == null || latents.model() != model) {
            latents = new Latents(model, k);
        }
        frames.add(Explorer.frame(epoch, model, k, latents.means(test)));
    }
    //< explorer record

    public List<Explorer.Frame> frames() {
        return List.copyOf(frames);
    }
}
