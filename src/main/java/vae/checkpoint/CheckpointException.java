package vae.checkpoint;

import java.nio.file.Path;

/**
 * A checkpoint or safetensors file that cannot be used. The message is one line, the file first
 * and then the problem, ready for the command line to print as it is:
 * {@code out/checkpoints/epoch_3.safetensors: tensor 'mu_layer.weight' has dtype F16, only F32 is read}.
 */
public class CheckpointException extends RuntimeException {

    public CheckpointException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public CheckpointException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
