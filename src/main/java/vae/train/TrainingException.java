package vae.train;

/** A problem that stops training, with a one-line message for the user. */
public class TrainingException extends RuntimeException {
    public TrainingException(String message) {
        super(message);
    }
}
