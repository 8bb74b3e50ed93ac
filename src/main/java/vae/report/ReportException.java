package vae.report;

/** A problem that stops an evaluation or a figure, with a one-line message for the user. */
public class ReportException extends RuntimeException {
    public ReportException(String message) {
        super(message);
    }

    public ReportException(String message, Throwable cause) {
        super(message, cause);
    }
}
