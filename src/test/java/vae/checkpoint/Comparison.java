package vae.checkpoint;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * llm.c's check against PyTorch: one line per tensor with its largest difference, OK or NOT OK,
 * then one verdict. A tensor's error is relative to its own scale, {@code max|ours - torch| / max|torch|},
 * so that entries near zero in a large gradient do not count as large errors.
 */
final class Comparison {
    private final double bound;
    private final PrintStream out;
    private double worst;
    private String worstName = "";
    private int failures;

    Comparison(double bound, PrintStream out) {
        this.bound = bound;
        this.out = out;
    }

    /** Compares ours with PyTorch's, entry by entry; returns the relative error. */
    double tensor(String name, float[] ours, NamedTensor torch) {
        float[] expected = torch.data();
        if (ours.length != expected.length) {
            throw new AssertionError(name + ": " + ours.length + " values, PyTorch has " + expected.length);
        }
        double maxDiff = 0, scale = 0;
        int at = 0;
        for (int i = 0; i < ours.length; i++) {
            double diff = Math.abs((double) ours[i] - expected[i]);
            if (diff > maxDiff) {
                maxDiff = diff;
                at = i;
            }
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        double relative = scale == 0 ? maxDiff : maxDiff / scale;
        record(String.format("%-30s %-11s max|diff| %.3e  rel %.3e  (at %d: %.8g vs %.8g)",
                name, Arrays.toString(torch.shape()), maxDiff, relative, at, ours[at], expected[at]), name, relative);
        return relative;
    }

    /** Compares one number; returns the relative error. */
    double scalar(String name, double ours, double torch) {
        double diff = Math.abs(ours - torch);
        double relative = torch == 0 ? diff : diff / Math.abs(torch);
        record(String.format("%-30s %-11s ours %.10g  torch %.10g  |diff| %.3e  rel %.3e",
                name, "", ours, torch, diff, relative), name, relative);
        return relative;
    }

    private void record(String line, String name, double relative) {
        boolean ok = relative <= bound;
        out.println(line + (ok ? "  OK" : "  NOT OK"));
        if (!ok) {
            failures++;
        }
        if (relative > worst) {
            worst = relative;
            worstName = name;
        }
    }

    /** Prints the verdict; true when every comparison was within the bound. */
    boolean verdict(String what) {
        out.printf("%s: %s (largest relative difference %.3e, in %s; bound %.0e)%n",
                what, failures == 0 ? "OK" : "NOT OK, " + failures + " above the bound", worst, worstName, bound);
        return failures == 0;
    }

    double worst() {
        return worst;
    }
}
