package vae.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Page;

/**
 * Writes a Tablesaw plot.ly figure as a standalone HTML page. The page loads plotly.js from a
 * location the caller picks: by default a fixed release on the plot.ly CDN; a test or an
 * offline reader points it at a local copy ({@code file:///…/plotly.min.js}, or a path relative
 * to the page). Tablesaw writes titles as plain strings, which plotly.js 2 reads and 3 no
 * longer does, so the default stays on the last 2.x release.
 */
public final class PlotlyPage {
    public static final String CDN = "https://cdn.plot.ly/plotly-2.35.2.min.js";
    /** System property that overrides the default location (e.g. {@code -Dvae.plotly.js=file:///…}). */
    public static final String PROPERTY = "vae.plotly.js";
    /** The element the plot is drawn into. */
    public static final String DIV = "plot";

    private PlotlyPage() {
    }

    /** The CDN, unless the system property {@value #PROPERTY} names another location. */
    public static String defaultLocation() {
        return System.getProperty(PROPERTY, CDN);
    }

    //> charts page
    public static void write(Figure figure, Path file, String plotlyJs) {
        String html = Page.pageBuilder(figure, DIV).plotlyJsLocation(plotlyJs).build().asJavascript();
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, html, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ReportException(file + ": cannot write (" + e.getMessage() + ")", e);
        }
    }
    //< charts page
}
