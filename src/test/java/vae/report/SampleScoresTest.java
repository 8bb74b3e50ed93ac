package vae.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vae.data.Mnist;
import vae.model.Classifier;
import vae.model.Vae;
import vae.model.VaeConfig;
import vae.tensor.Kernels;
import vae.tensor.ScalarKernels;
import vae.train.ClassifierTrainer;

/** The four scores on cases whose answers are known, on small synthetic digits. */
class SampleScoresTest {
    static final VaeConfig SMALL = new VaeConfig(784, 16, 4, 2);
    final Kernels k = new ScalarKernels();
    final Mnist test = ReportFixtures.digits(100, 28, 28, 2);

    @Test
    void aClassifierOfZerosIsUndecidedAboutEverything() {
        // every logit 0: p(y|x) = 1/10 for every image, the top class is 0 (the first of equals), every feature 0
        Classifier zeros = new Classifier(k, 784, 8, 10, 16);
        Vae model = ReportFixtures.model(k, SMALL, 16, 1);
        SampleScores scores = SampleScores.measure(model, zeros, k, test, 42, 300);
        for (SampleScores.Scores s : new SampleScores.Scores[] {scores.samples(), scores.test()}) {
            assertEquals(0.1, s.confidence(), 1e-12, "the top probability is 1/10");
            assertEquals(0, s.classEntropy(), 1e-12, "one class for all: no entropy");
            assertEquals(1, s.inception(), 1e-12, "p(y|x) = p(y): KL 0, exp(0) = 1");
            assertEquals(0, s.frechet(), 1e-12, "the same features, all 0");
        }
    }

    @Test
    void aClassifierThatKnowsTheDigitsFindsThemAllEquallyOften() {
        Mnist train = ReportFixtures.digits(500, 28, 28, 1);
        ClassifierTrainer trainer = new ClassifierTrainer(k, 784, 16, 20, 1e-2, 42, new PrintStream(OutputStream.nullOutputStream()));
        double accuracy = trainer.train(train, test, 3);
        assertEquals(1.0, accuracy, "the synthetic digits are easy");
        Vae model = ReportFixtures.model(k, SMALL, 16, 1);        // untrained: its samples are grey noise
        SampleScores scores = SampleScores.measure(model, trainer.model(), k, test, 42, 300);
        SampleScores.Scores real = scores.test();
        assertEquals(Math.log(10), real.classEntropy(), 1e-12, "10 of each digit, each found: the entropy of 10 equal shares");
        assertTrue(real.confidence() > 0.9, "sure of the test digits: " + real.confidence());
        assertTrue(real.inception() > 8 && real.inception() <= 10, "near 10 classes' worth: " + real.inception());
        assertEquals(0, real.frechet(), 1e-9, "the test images against themselves");
        SampleScores.Scores drawn = scores.samples();
        assertTrue(drawn.inception() >= 1 && drawn.inception() < real.inception(), "the noise is no digit: " + drawn);
        assertTrue(drawn.frechet() > 1, "the noise is far from the digits: " + drawn);
    }

    @Test
    void theSameNumbersForAnyBatchSize() {
        Classifier judge = new Classifier(k, 784, 8, 10, 64);
        judge.initialize(new vae.nn.Rng(3));
        Map<String, Double> small = SampleScores.measure(ReportFixtures.model(k, SMALL, 7, 1), judge, k, test, 42, 200).rows();
        Map<String, Double> large = SampleScores.measure(ReportFixtures.model(k, SMALL, 64, 1), judge, k, test, 42, 200).rows();
        assertEquals(8, small.size());
        small.forEach((name, value) -> assertEquals(value, large.get(name), 1e-9, name));
    }
}
