package vae.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same floats at every vector width. Each check runs {@link WidthProbe} in a JVM of its own
 * per width ({@code -Dvae.vector.bits=64, 128, 256, 512}: whatever this machine's own width, the
 * others are emulated by the JVM) and compares what they print, line by line: every kernel's output
 * on awkward sizes, and the losses of two epochs of training, to the last digit.
 */
class WidthTest {
    static final List<String> WIDTHS = List.of("64", "128", "256", "512");

    @Test
    void everyKernelGivesTheSameBitsAtEveryWidth() throws Exception {
        sameAtEveryWidth(width -> List.of("kernels"));
    }

    @Test
    void twoEpochsOfTrainingGiveTheSameLossesAtEveryWidthOnOneThreadOrTwo(@TempDir Path dir) throws Exception {
        List<String> lines = sameAtEveryWidth(width -> List.of("train", dir.resolve(width).toString(), "2", "2"));
        assertEquals(2, lines.size(), String.join("\n", lines));   // two epochs
        for (String width : List.of("128", "512")) {
            List<String> one = probe(width, "train", dir.resolve("one-" + width).toString(), "2", "1");
            assertEquals(lines, one.subList(1, one.size()), "one thread at " + width + " bits against two");
        }
    }

    @Test
    void aCheckpointSavedAtOneWidthResumesAtAnotherAsIfNeverStopped(@TempDir Path dir) throws Exception {
        List<String> straight = probe("256", "train", dir.resolve("straight").toString(), "2", "2");
        probe("128", "train", dir.resolve("first").toString(), "1", "2");
        Path saved = vae.train.Checkpoints.epochFile(dir.resolve("first").resolve("checkpoints"), 1);
        List<String> resumed = probe("512", "train", dir.resolve("first").toString(), "2", "2", saved.toString());
        assertEquals(straight.subList(1, 3), resumed.subList(1, 3), "128 bits for epoch 1, then 512 for epoch 2");
    }

    interface Args {
        List<String> of(String width);
    }

    /** Runs the probe at every width, checks that all print the same, and returns the lines (less the width). */
    private static List<String> sameAtEveryWidth(Args args) throws Exception {
        List<String> first = null;
        for (String width : WIDTHS) {
            List<String> lines = probe(width, args.of(width).toArray(String[]::new));
            assertEquals("width " + width, lines.get(0));
            List<String> rest = lines.subList(1, lines.size());
            if (first == null) {
                first = rest;
            } else {
                for (int i = 0; i < first.size(); i++) {
                    assertEquals(first.get(i), rest.get(i), "line " + i + " at " + width + " bits against " + WIDTHS.get(0));
                }
                assertEquals(first.size(), rest.size());
            }
        }
        return first;
    }

    /** The probe's standard output, run in a JVM of its own at the vector width given. */
    static List<String> probe(String width, String... args) throws IOException, InterruptedException {
        return ForkedJvm.run("the probe at " + width + " bits", List.of("-D" + VectorWidth.PROPERTY + "=" + width),
                WidthProbe.class, args);
    }
}
