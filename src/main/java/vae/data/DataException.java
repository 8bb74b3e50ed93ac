package vae.data;

import java.nio.file.Path;

/**
 * A data file or folder that cannot be used. The message is one line, the file first and then the
 * problem, ready for the command line to print as it is:
 * {@code data/mnist/train-images-idx3-ubyte.gz: wrong magic number 0x00000801, expected 0x00000803 (IDX images)}.
 */
public class DataException extends RuntimeException {

    public DataException(Path file, String problem) {
        super(oneLine(file + ": " + problem));
    }

    public DataException(Path file, String problem, Throwable cause) {
        super(oneLine(file + ": " + problem), cause);
    }

    /**
     * The message is printed as one line, and a file's own bytes (a tensor's name, a path) may
     * hold line breaks or other control characters: they are shown escaped, as {@code \n} or
     * {@code \\u0007}.
     */
    public static String oneLine(String message) {
        StringBuilder line = new StringBuilder(message.length());
        for (char c : message.toCharArray()) {
            if (c == '\n') {
                line.append("\\n");
            } else if (c == '\r') {
                line.append("\\r");
            } else if (c == '\t') {
                line.append("\\t");
            } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                line.append(String.format("\\u%04x", (int) c));
            } else {
                line.append(c);
            }
        }
        return line.toString();
    }
}
