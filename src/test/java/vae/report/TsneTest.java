package vae.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import vae.nn.Rng;

class TsneTest {

    static float[][] clusters(int perCluster, int clusters, int d, Rng rng) {
        float[][] x = new float[perCluster * clusters][d];
        for (int c = 0; c < clusters; c++) {
            for (int i = 0; i < perCluster; i++) {
                for (int j = 0; j < d; j++) {
                    x[c * perCluster + i][j] = (float) ((j == c ? 10 : 0) + rng.nextGaussian());
                }
            }
        }
        return x;
    }

    @Test
    void theGradientIsTheCostsSlope() {
        Rng rng = new Rng(5);
        int n = 12;
        double[] p = Tsne.affinities(clusters(4, 3, 5, rng), 3);
        double[] y = new double[2 * n], grad = new double[2 * n];
        for (int i = 0; i < 2 * n; i++) {
            y[i] = rng.nextGaussian();
        }
        Tsne.gradient(p, 1, y, n, new double[n * n], grad);
        double h = 1e-6;
        for (int i = 0; i < 2 * n; i++) {
            double keep = y[i];
            y[i] = keep + h;
            double up = Tsne.cost(p, y, n);
            y[i] = keep - h;
            double down = Tsne.cost(p, y, n);
            y[i] = keep;
            assertEquals((up - down) / (2 * h), grad[i], 1e-6, "coordinate " + i);
        }
    }

    @Test
    void eachRowOfAffinitiesHasThePerplexityAsked() {
        float[][] x = clusters(20, 3, 6, new Rng(8));
        int n = x.length;
        double[] p = Tsne.affinities(x, 10);
        double total = 0;
        for (double v : p) {
            total += v;
        }
        assertEquals(1.0, total, 1e-6, "P sums to 1");
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertEquals(p[i * n + j], p[j * n + i], 1e-15);
            }
        }
    }

    @Test
    void wellSeparatedClustersStayApart() {
        int per = 60, clusters = 3;
        float[][] map = Tsne.map(clusters(per, clusters, 10, new Rng(2)), Tsne.PERPLEXITY, new Rng(42));
        int n = map.length, same = 0;
        for (int i = 0; i < n; i++) {                     // the 10 nearest neighbours in the map
            double[] d = new double[n];
            Integer[] order = new Integer[n];
            for (int j = 0; j < n; j++) {
                double a = map[i][0] - map[j][0], b = map[i][1] - map[j][1];
                d[j] = j == i ? Double.POSITIVE_INFINITY : a * a + b * b;
                order[j] = j;
            }
            java.util.Arrays.sort(order, (a, b) -> Double.compare(d[a], d[b]));
            for (int k = 0; k < 10; k++) {
                same += order[k] / per == i / per ? 1 : 0;
            }
        }
        assertTrue(same >= 0.95 * 10 * n, same + " of " + 10 * n + " neighbours in the same cluster");
    }
}
