package vae.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vae.fast.VectorWidth;

/** A bad -Dvae.vector.bits is bad input: one line, exit 2, before anything is read or written. */
class VectorWidthOptionTest {

    @Test
    void aWidthThatIsNotOneOfTheFourGetsOneLine(@TempDir Path dir) throws Exception {
        String saved = System.getProperty(VectorWidth.PROPERTY);
        System.setProperty(VectorWidth.PROPERTY, "300");
        CliRun run;
        try {
            run = CliRun.of("train", "--epochs", "1", "--out", dir.resolve("out").toString());
        } finally {
            if (saved == null) {
                System.clearProperty(VectorWidth.PROPERTY);
            } else {
                System.setProperty(VectorWidth.PROPERTY, saved);
            }
        }
        String line = run.assertOneLineError();
        assertEquals(2, run.exit());
        assertTrue(line.contains("vae.vector.bits=300") && line.contains("64, 128, 256 or 512"), line);
        assertTrue(!Files.exists(dir.resolve("out")), "nothing written");
    }
}
