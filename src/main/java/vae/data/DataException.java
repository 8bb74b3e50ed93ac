package vae.data;

import java.nio.file.Path;

/**
 * A data file or folder that cannot be used. The message is one line, the file first and then the
 * problem, ready for the command line to print as it is:
 * {@code data/mnist/train-images-idx3-ubyte.gz: wrong magic number 0x00000801, expected 0x00000803 (IDX images)}.
 */
public class DataException extends RuntimeException {

    public DataException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public DataException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
