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
final class Progress implements AutoCloseable {
    private final ProgressBar bar;
    private final PrintStream out;

    Progress(String task, long total, PrintStream out) {
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

    void step(int images, double loss) {
        bar.stepBy(images);
        if (!Double.isNaN(loss)) {
            bar.setExtraMessage(String.format(" loss %.2f", loss));
        }
    }

    @Override
    public void close() {
        bar.close();
    }
}
