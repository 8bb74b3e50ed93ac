package vae.train;

/** A problem that stops training, with a one-line message for the user. */
public class TrainingException extends RuntimeException {
    public TrainingException(String message) {
        super(message);
    }

    /** The same, keeping what went wrong underneath for a debugger or a stack trace; the user reads only the message. */
    public TrainingException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Why a file operation failed, in words: "Not a directory", "No space left on device",
     * "a file is in the way", rather than the exception's class and the path again.
     */
    public static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof java.nio.file.FileAlreadyExistsException) {
            return "a file of that name is in the way";
        }
        if (root instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (root instanceof java.nio.file.NoSuchFileException) {
            return "no such file or folder";
        }
        if (root instanceof java.nio.file.FileSystemException && ((java.nio.file.FileSystemException) root).getReason() != null) {
            return ((java.nio.file.FileSystemException) root).getReason();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int open = message.lastIndexOf(" ("); // FileNotFoundException: "PATH (Is a directory)"
        return open >= 0 && message.endsWith(")") ? message.substring(open + 2, message.length() - 1) : message;
    }
}
