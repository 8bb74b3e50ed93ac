package vae.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.util.Locale;
import vae.data.Mnist;

/**
 * The true posterior p(z|x) beside the encoder's guess q(z|x), for a few test images: p(z|x) on a
 * fine grid around its mass as a heat map (its largest value darkest), q's ellipses at one and two
 * standard deviations over it, and the image itself. The images are picked from the exact
 * log-likelihoods: the best-explained 1, the worst-explained 2, and the 4 or 9 on which the
 * encoder is most wrong (the largest KL(q ‖ p(z|x))).
 */
public final class PosteriorFigure {
    public static final String PNG = "posterior.png";
    /** Cells a side of the fine grid of each panel. */
    static final int CELLS = 120;
    static final int PANEL = 360, THUMB = 84, MARGIN = 16, TITLE = 54;

    private PosteriorFigure() {
    }

    /** The images to show, and what each is: {@code [index, ...]} and their titles. */
    public record Picks(int[] images, String[] titles) {
    }

    //> posterior picks
    public static Picks pick(Mnist data, ExactLikelihood.Result r) {
        int easyOne = -1, hardTwo = -1, confused = -1;
        for (int i = 0; i < data.count(); i++) {
            int label = data.label(i);
            if (label == 1 && (easyOne < 0 || r.logPx()[i] > r.logPx()[easyOne])) {
                easyOne = i;
            }
            if (label == 2 && (hardTwo < 0 || r.logPx()[i] < r.logPx()[hardTwo])) {
                hardTwo = i;
            }
            if ((label == 4 || label == 9) && (confused < 0 || gap(r, i) > gap(r, confused))) {
                confused = i;
            }
        }
        return new Picks(new int[] {easyOne, hardTwo, confused},
                new String[] {"the best-explained 1", "the worst-explained 2", "the 4 or 9 q fits worst"});
    }
    //< posterior picks

    private static double gap(ExactLikelihood.Result r, int i) {
        return r.logPx()[i] - r.elbo()[i];
    }

    public static BufferedImage draw(ExactLikelihood exact, Latents latents, Mnist data, Picks picks, ExactLikelihood.Result r) {
        int shown = 0;
        for (int i : picks.images()) {
            shown += i >= 0 ? 1 : 0;
        }
        int panelWidth = THUMB + PANEL + 3 * MARGIN;
        BufferedImage out = new BufferedImage(Math.max(1, shown) * panelWidth, TITLE + PANEL + 2 * MARGIN, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        int x0 = 0;
        for (int p = 0; p < picks.images().length; p++) {
            int i = picks.images()[p];
            if (i < 0) {
                continue;                                  // the data has no such image
            }
            panel(g, x0, exact, latents, data, i, picks.titles()[p], r);
            x0 += panelWidth;
        }
        g.dispose();
        return out;
    }

    //> posterior panel
    private static void panel(Graphics2D g, int x0, ExactLikelihood exact, Latents latents, Mnist data, int i, String title,
                              ExactLikelihood.Result r) {
        float[] image = Latents.images(data, new int[] {i})[0];
        float[] mu = new float[2], logvar = new float[2];
        encode(latents, data, i, mu, logvar);
        double s1 = Math.exp(0.5 * logvar[0]), s2 = Math.exp(0.5 * logvar[1]);

        // where the posterior is: a look over the whole range first, then a fine grid around its mass and q
        LatentGrid look = LatentGrid.centred(r.range(), 100);
        double[] overview = exact.logJoints(image, codes(look), look.cells());
        double best = max(overview);
        double lo1 = mu[0] - 3 * s1, hi1 = mu[0] + 3 * s1, lo2 = mu[1] - 3 * s2, hi2 = mu[1] + 3 * s2;
        for (int c = 0; c < look.cells(); c++) {
            if (overview[c] > best - 12) {
                lo1 = Math.min(lo1, look.z1(c) - look.spacing());
                hi1 = Math.max(hi1, look.z1(c) + look.spacing());
                lo2 = Math.min(lo2, look.z2(c) - look.spacing());
                hi2 = Math.max(hi2, look.z2(c) + look.spacing());
            }
        }
        double width = 1.3 * Math.max(hi1 - lo1, hi2 - lo2), c1 = (lo1 + hi1) / 2, c2 = (lo2 + hi2) / 2;
        LatentGrid fine = new LatentGrid(c1 - width / 2, c2 - width / 2, width / CELLS, CELLS);
        double[] joint = exact.logJoints(image, codes(fine), fine.cells());
        double top = max(joint);

        int left = x0 + 2 * MARGIN + THUMB, topY = TITLE + MARGIN;
        double px = (double) PANEL / CELLS;
        for (int c = 0; c < fine.cells(); c++) {            // z2 grows upwards, as in the latent-space chart
            int a = c % CELLS, b = c / CELLS;
            g.setColor(heat(Math.exp(joint[c] - top)));
            g.fillRect(left + (int) Math.floor(a * px), topY + PANEL - (int) Math.ceil((b + 1) * px),
                    (int) Math.ceil(px) + 1, (int) Math.ceil(px) + 1);
        }
        g.setColor(new Color(0xd62728));
        g.setStroke(new BasicStroke(2f));
        for (int k = 1; k <= 2; k++) {                     // q's 1σ and 2σ ellipses
            double ex = left + (mu[0] - k * s1 - fine.lo1()) / fine.spacing() * px;
            double ey = topY + PANEL - (mu[1] + k * s2 - fine.lo2()) / fine.spacing() * px;
            g.draw(new Ellipse2D.Double(ex, ey, 2 * k * s1 / fine.spacing() * px, 2 * k * s2 / fine.spacing() * px));
        }
        g.setColor(Color.GRAY);
        g.drawRect(left, topY, PANEL, PANEL);

        BufferedImage thumb = new BufferedImage(data.cols(), data.rows(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < data.rows(); y++) {
            for (int x = 0; x < data.cols(); x++) {
                int v = Math.round(255 * image[y * data.cols() + x]);
                thumb.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        g.drawImage(thumb, x0 + MARGIN, topY, THUMB, THUMB, null);

        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(String.format(Locale.ROOT, "%s (test image %d)", title, i), x0 + MARGIN, 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(String.format(Locale.ROOT, "log p(x) = %.2f, KL(q || p(z|x)) = %.2f nats", r.logPx()[i], gap(r, i)),
                x0 + MARGIN, 38);
        g.drawString(String.format(Locale.ROOT, "z1 %.2f to %.2f, z2 %.2f to %.2f", fine.lo1(), fine.lo1() + fine.width(),
                fine.lo2(), fine.lo2() + fine.width()), left, topY + PANEL + 13);
        g.setColor(new Color(0xd62728));
        g.drawString("q(z|x): 1σ, 2σ", x0 + MARGIN, topY + THUMB + 20);
        g.setColor(new Color(0x08306b));
        g.drawString("p(z|x)", x0 + MARGIN, topY + THUMB + 38);
    }
    //< posterior panel

    // white (nothing) to dark blue (the largest density)
    static Color heat(double v) {
        v = Math.max(0, Math.min(1, v));
        return new Color((int) Math.round(255 - v * (255 - 8)), (int) Math.round(255 - v * (255 - 48)),
                (int) Math.round(255 - v * (255 - 107)));
    }

    private static float[] codes(LatentGrid grid) {
        float[] codes = new float[2 * grid.cells()];
        for (int c = 0; c < grid.cells(); c++) {
            codes[2 * c] = (float) grid.z1(c);
            codes[2 * c + 1] = (float) grid.z2(c);
        }
        return codes;
    }

    private static double max(double[] a) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : a) {
            m = Math.max(m, v);
        }
        return m;
    }

    // q(z|x) of image i: its μ and log σ²
    private static void encode(Latents latents, Mnist data, int i, float[] mu, float[] logvar) {
        latents.encode(data, new int[] {i}, 0, 1);
        latents.kernels().download(latents.model().mu(), 2, mu);
        latents.kernels().download(latents.model().logvar(), 2, logvar);
    }
}
