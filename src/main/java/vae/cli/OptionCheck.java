package vae.cli;

/** Checks of option values; each failure is one line naming the option and what was wrong. */
final class OptionCheck {
    private OptionCheck() {
    }

    static void atLeast(String option, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(option + " must be at least " + min + ", got " + value);
        }
    }

    static void atMost(String option, long value, long max) {
        if (value > max) {
            throw new IllegalArgumentException(option + " must be at most " + max + ", got " + value);
        }
    }

    /** A layer's width: from 1 to 65536, as {@code VaeConfig} allows. */
    static void size(String option, int value) {
        atLeast(option, value, 1);
        atMost(option, value, 1 << 16);
    }

    static void positiveFinite(String option, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(option + " must be a positive finite number, got " + value);
        }
    }
}
