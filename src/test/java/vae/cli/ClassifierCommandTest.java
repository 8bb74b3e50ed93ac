package vae.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;
import vae.checkpoint.ClassifierFile;
import vae.data.Mnist;
import vae.report.Evaluation;
import vae.report.ReportFixtures;

/** {@code vae classifier}, then {@code vae evaluate --classifier} with what it wrote, on small synthetic digits. */
class ClassifierCommandTest {

    @Test
    void trainsAClassifierThenScoresAModelsSamplesWithIt(@TempDir Path dir) {
        Mnist train = ReportFixtures.digits(200, 28, 28, 1);
        Mnist test = ReportFixtures.digits(50, 28, 28, 2);
        Path data = ReportFixtures.writeMnist(dir.resolve("mnist"), train, test);
        CliRun trained = CliRun.of("classifier", "--data", data.toString(), "--out", dir.resolve("judge").toString(),
                "--epochs", "2", "--hidden", "16", "--batch-size", "20", "--lr", "0.01", "--threads", "2");
        assertEquals(0, trained.exit(), trained.err());
        String accuracyLine = trained.out().lines().filter(l -> l.startsWith("test_accuracy ")).findFirst().orElseThrow();
        double accuracy = Double.parseDouble(accuracyLine.split(" ")[1]);
        Path file = dir.resolve("judge").resolve(ClassifierCommand.FILE);
        ClassifierFile saved = ClassifierFile.load(file);
        assertEquals(accuracy, saved.testAccuracy(), 1e-6, "the printed accuracy is kept in the file");
        assertEquals("16", saved.metadata().get("hidden"));
        assertTrue(trained.out().contains("Epoch 2/2 - Average loss: "), trained.out());

        Path model = dir.resolve("model.safetensors");
        vae.checkpoint.Checkpoint.save(model, ReportFixtures.model(new vae.tensor.ScalarKernels(),
                new vae.model.VaeConfig(784, 16, 4, 2), 8, 1), null, new vae.tensor.ScalarKernels(), Map.of("epoch", "1"));
        CliRun scored = CliRun.of("evaluate", "--checkpoint", model.toString(), "--classifier", file.toString(),
                "--data", data.toString(), "--out", dir.resolve("out").toString(), "--samples", "1", "--threads", "2");
        assertEquals(0, scored.exit(), scored.err());
        Map<String, Double> values = new HashMap<>();
        scored.out().lines().forEach(l -> values.put(l.split(" ")[0], Double.parseDouble(l.split(" ")[1])));
        for (String set : List.of("sample", "test")) {
            for (String score : List.of("confidence", "class_entropy", "inception", "frechet")) {
                assertTrue(values.containsKey(set + "_" + score), set + "_" + score + " missing from\n" + scored.out());
            }
            assertTrue(values.get(set + "_confidence") >= 0.1 && values.get(set + "_confidence") <= 1, scored.out());
            assertTrue(values.get(set + "_class_entropy") >= 0 && values.get(set + "_class_entropy") <= Math.log(10) + 1e-9, scored.out());
            assertTrue(values.get(set + "_inception") >= 1 && values.get(set + "_inception") <= 10 + 1e-9, scored.out());
        }
        assertEquals(0, values.get("test_frechet"), 1e-6, "the test images against themselves");
        assertTrue(values.get("sample_frechet") > 0, scored.out());
        assertTrue(scored.out().contains("test_frechet 0.000000\n"), scored.out());
        Table csv = Table.read().csv(dir.resolve("out").resolve(Evaluation.FILE).toFile());
        assertTrue(csv.stringColumn("name").asList().contains("sample_inception"), "evaluation.csv has the scores");
        assertTrue(Files.isRegularFile(file));
    }
}
