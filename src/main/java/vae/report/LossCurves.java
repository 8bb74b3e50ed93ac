package vae.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Grid;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Line;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;

/**
 * The loss per image, epoch by epoch, from the history table ({@code history.csv}): three panels,
 * the loss (the negative ELBO), its BCE and its KL, each with a line per split the history holds
 * (train, validation when there is one, test). The BCE is about 30 times the KL, so they get
 * panels of their own rather than one shared axis.
 */
public final class LossCurves {
    public static final String HTML = "loss_curves.html";
    public static final String PNG = "loss_curves.png";
    static final String[] SPLITS = {"train", "validation", "test"};
    static final String[] QUANTITIES = {"loss", "bce", "kl"};
    static final String[] TITLES = {"loss (BCE + KL)", "BCE", "KL"};
    private static final String[] COLOURS = {"#1f77b4", "#2ca02c", "#ff7f0e"};
    private static final String TITLE = "Loss per image, by epoch";

    private LossCurves() {
    }

    /** The splits whose columns the history has ({@code train_loss}, {@code validation_loss}, ...). */
    static List<Integer> splits(Table history) {
        List<Integer> present = new ArrayList<>();
        for (int s = 0; s < SPLITS.length; s++) {
            if (history.containsColumn(SPLITS[s] + "_loss") && history.containsColumn(SPLITS[s] + "_bce")
                    && history.containsColumn(SPLITS[s] + "_kl")) {
                present.add(s);
            }
        }
        if (present.isEmpty() || !history.containsColumn("epoch")) {
            throw new ReportException("the history has no epoch and train_loss/_bce/_kl columns: "
                    + history.columnNames());
        }
        return present;
    }

    static double[] column(Table history, String name) {
        return history.numberColumn(name).asDoubleArray();
    }

    //> charts loss figure
    // panel q (loss, BCE, KL) is drawn on axes x, x2, x3 and y, y2, y3 of a 1 × 3 grid
    public static Figure figure(Table history) {
        List<Trace> traces = new ArrayList<>();
        double[] epochs = column(history, "epoch");
        for (int q = 0; q < QUANTITIES.length; q++) {
            String axis = q == 0 ? "" : String.valueOf(q + 1);
            for (int s : splits(history)) {
                traces.add(ScatterTrace.builder(epochs, column(history, SPLITS[s] + "_" + QUANTITIES[q]))
                        .mode(ScatterTrace.Mode.LINE)
                        .line(Line.builder().color(COLOURS[s]).width(2).build())
                        .name(SPLITS[s]).legendGroup(SPLITS[s]).showLegend(q == 0)
                        .xAxis("x" + axis).yAxis("y" + axis)
                        .build());
            }
        }
        Layout layout = Layout.builder().title(TITLE).width(1200).height(420)
                .grid(Grid.builder().rows(1).columns(3).pattern(Grid.Pattern.INDEPENDENT).build())
                .xAxis(Axis.builder().title("epoch").build())
                .yAxis(Axis.builder().title(TITLES[0]).build())
                .yAxis2(Axis.builder().title(TITLES[1]).build())
                .yAxis3(Axis.builder().title(TITLES[2]).build())
                .build();
        return new Figure(layout, traces.toArray(new Trace[0]));
    }
    //< charts loss figure

    /** The three panels drawn by XChart, side by side in one picture. */
    public static BufferedImage png(Table history) {
        int width = 420, height = 360;
        BufferedImage image = new BufferedImage(3 * width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        for (int q = 0; q < QUANTITIES.length; q++) {
            g.drawImage(BitmapEncoder.getBufferedImage(panel(history, q, width, height)), q * width, 0, null);
        }
        g.dispose();
        return image;
    }

    private static XYChart panel(Table history, int q, int width, int height) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(TITLES[q])
                .xAxisTitle("epoch").yAxisTitle(TITLES[q]).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setYAxisDecimalPattern("#,##0.##");
        chart.getStyler().setLegendVisible(q == 0); // one legend: the colours are the same in every panel
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        double[] epochs = column(history, "epoch");
        for (int s : splits(history)) {
            XYSeries series = chart.addSeries(SPLITS[s], epochs, column(history, SPLITS[s] + "_" + QUANTITIES[q]));
            series.setMarker(epochs.length > 20 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
            series.setLineColor(Color.decode(COLOURS[s]));
            series.setMarkerColor(Color.decode(COLOURS[s]));
        }
        return chart;
    }

    /** Writes {@value #HTML} and {@value #PNG} into folder. */
    public static void write(Table history, Path folder, String plotlyJs) {
        PlotlyPage.write(figure(history), folder.resolve(HTML), plotlyJs);
        Png.write(png(history), folder.resolve(PNG));
    }
}
