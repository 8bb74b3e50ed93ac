package vae.report;

import java.awt.Color;
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
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Marker;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;
import vae.data.DataSet;
import vae.data.Mnist;

/**
 * The seed's Figure 3: where the encoder puts each test image, its latent mean (μ₁, μ₂),
 * coloured by the digit it shows (for Fashion-MNIST, by its class of clothing). The data is a
 * table of {@code z1, z2, label}, one row per image; it becomes an interactive plot.ly page (one
 * trace per label, named as the data set names it, so the legend can hide and show them) and a
 * PNG drawn by XChart. With more than two latent dimensions only the
 * first two are shown, and the title says so.
 */
public final class LatentScatter {
    public static final String HTML = "latent_space.html";
    public static final String PNG = "latent_space.png";
    /** The axes of latent means shown as they are. */
    static final String[] AXES = {"z1", "z2"};

    private LatentScatter() {
    }

    //> charts latent table
    // means is (n, Z), one row per image of data: the table z1, z2, label (z2 = 0 when Z = 1)
    public static Table table(float[][] means, Mnist data) {
        DoubleColumn z1 = DoubleColumn.create("z1"), z2 = DoubleColumn.create("z2");
        IntColumn label = IntColumn.create("label");
        for (int i = 0; i < means.length; i++) {
            z1.append(means[i][0]);
            z2.append(means[i].length > 1 ? means[i][1] : 0);
            label.append(data.label(i));
        }
        return Table.create("latent codes", z1, z2, label);
    }
    //< charts latent table

    /** The chart's title for a model with {@code latent} dimensions, on images of {@code data}. */
    public static String title(int latent, DataSet data) {
        return title(latent, null, data);
    }

    /** The same, the means seen through a projection that {@code view} names (null: the first two coordinates). */
    public static String title(int latent, String view, DataSet data) {
        String what = "Latent means of the " + (data == DataSet.MNIST || data == DataSet.UNRECOGNISED ? "" : data.name() + " ")
                + "test images, by " + data.labelWord();
        if (view != null) {
            return what + "<br>(" + view + ")";
        }
        if (latent == 1) {
            return what + " (1 latent dimension: z2 is 0)";
        }
        return latent == 2 ? what : what + " (first 2 of " + latent + " latent dimensions)";
    }

    /** The digits that have at least one row, in order: one trace or series each. */
    static List<Integer> digits(Table codes) {
        List<Integer> digits = new ArrayList<>();
        for (int d = 0; d < 10; d++) {
            if (codes.intColumn("label").isEqualTo(d).size() > 0) {
                digits.add(d);
            }
        }
        return digits;
    }

    //> charts latent figure
    public static Figure figure(Table codes, String title, DataSet data) {
        return figure(codes, title, data, AXES);
    }

    /** The same, the axes named (z1 and z2 unless the codes are a projection's). */
    public static Figure figure(Table codes, String title, DataSet data, String[] axes) {
        List<Trace> traces = new ArrayList<>();
        for (int d : digits(codes)) {
            Table digit = codes.where(codes.intColumn("label").isEqualTo(d));
            traces.add(ScatterTrace.builder(digit.doubleColumn("z1"), digit.doubleColumn("z2"))
                    .mode(ScatterTrace.Mode.MARKERS)
                    .marker(Marker.builder().color(Palette.hex(d)).size(3).opacity(0.6).build())
                    .name(data.className(d))
                    .build());
        }
        Layout layout = Layout.builder().title(title).width(800).height(700)
                .xAxis(Axis.builder().title(axes[0]).build())
                .yAxis(Axis.builder().title(axes[1]).build())
                .build();
        return new Figure(layout, traces.toArray(new Trace[0]));
    }
    //< charts latent figure

    //> charts latent png
    public static BufferedImage png(Table codes, String title, DataSet data) {
        return png(codes, title, data, AXES);
    }

    /** The same, the axes named. */
    public static BufferedImage png(Table codes, String title, DataSet data, String[] axes) {
        XYChart chart = new XYChartBuilder().width(800).height(700).title(title)
                .xAxisTitle(axes[0]).yAxisTitle(axes[1]).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(3);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        for (int d : digits(codes)) {
            Table digit = codes.where(codes.intColumn("label").isEqualTo(d));
            XYSeries series = chart.addSeries(data.className(d), digit.doubleColumn("z1").asDoubleArray(),
                    digit.doubleColumn("z2").asDoubleArray());
            series.setMarker(SeriesMarkers.CIRCLE);
            series.setMarkerColor(Palette.color(d));
        }
        return BitmapEncoder.getBufferedImage(chart);
    }
    //< charts latent png

    /** Writes {@value #HTML} and {@value #PNG} into folder. */
    public static void write(Table codes, int latent, DataSet data, Path folder, String plotlyJs) {
        write(codes, latent, null, AXES, data, folder, plotlyJs);
    }

    /** The same, the codes being a projection that {@code view} names, on axes named {@code axes}. */
    public static void write(Table codes, int latent, String view, String[] axes, DataSet data, Path folder, String plotlyJs) {
        String title = title(latent, view, data);
        PlotlyPage.write(figure(codes, title, data, axes), folder.resolve(HTML), plotlyJs);
        Png.write(png(codes, title.replace("<br>", " "), data, axes), folder.resolve(PNG));
    }
}
