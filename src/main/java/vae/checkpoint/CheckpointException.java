package vae.checkpoint;

import java.nio.file.Path;
import vae.data.DataException;

/**
 * A checkpoint or safetensors file that cannot be used. The message is one line, the file first
 * and then the problem, ready for the command line to print as it is:
 * {@code out/checkpoints/epoch_3.safetensors: tensor 'mu_layer.weight' has dtype F16, only F32 is read}.
 */
public class CheckpointException extends RuntimeException {

    public CheckpointException(Path file, String problem) {
        super(oneLine(file + ": " + problem));
    }

    public CheckpointException(Path file, String problem, Throwable cause) {
        super(oneLine(file + ": " + problem), cause);
    }

    // a file's own bytes (a tensor's name) may hold line breaks: shown escaped, as DataException does
    static String oneLine(String message) {
        return DataException.oneLine(message);
    }
}
