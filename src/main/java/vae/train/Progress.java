package vae.train;

import java.io.PrintStream;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The seed's tqdm bar: images done, rate, ETA and the running loss. On a terminal it redraws
 * one line; when the output is a file or a pipe (CI) it prints a plain line every few seconds.
 */
public final class Progress implements AutoCloseable {
    private final ProgressBar bar;
    private final PrintStream out;

    public Progress(String task, long total, PrintStream out) {
        this.out = out;
        ProgressBarBuilder builder = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setUnit(" img", 1)
                .showSpeed()
                .setStyle(ProgressBarStyle.ASCII);
        if (System.console() == null) {
            builder.setConsumer(new DelegatingProgressBarConsumer(this::printOnce, 100))
                    .setUpdateIntervalMillis(10_000);
        } else {
            builder.setUpdateIntervalMillis(200).clearDisplayOnFinish();
        }
        this.bar = builder.build();
    }

    private String lastLine;

    // a plain line each time, but not the same line twice (the bar redraws its final state on close)
    private void printOnce(String line) {
        if (!line.equals(lastLine)) {
            out.println(line);
            lastLine = line;
        }
    }

    // The bar redraws five times a second at most, and formatting its message takes about 10 µs
    // (1% of a step): it is formatted every tenth of a second, and once more at the end.
    private static final long MESSAGE_EVERY_NANOS = 100_000_000L;
    private long lastMessage = System.nanoTime() - MESSAGE_EVERY_NANOS;
    private double lastLoss = Double.NaN;

    /** {@code images} more done; loss (NaN: none) is the running loss to show. */
    public void step(int images, double loss) {
        bar.stepBy(images);
        if (!Double.isNaN(loss)) {
            lastLoss = loss;
            long now = System.nanoTime();
            if (now - lastMessage >= MESSAGE_EVERY_NANOS) {
                showLoss();
                lastMessage = now;
            }
        }
    }

    private void showLoss() {
        bar.setExtraMessage(String.format(" loss %.2f", lastLoss));
    }

    @Override
    public void close() {
        if (!Double.isNaN(lastLoss)) {
            showLoss();                  // the last batch's loss on the bar's last line
        }
        bar.close();
    }
}
