package vae.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Page;

/**
 * Writes a Tablesaw plot.ly figure as a standalone HTML page. By default the page loads
 * plotly.js from a copy written beside it, {@value #FILE}, which the project keeps in its
 * resources ({@code vae/report/plotly/}, with its licence): the page needs no network, and a
 * figures folder copied anywhere still works. A caller may name another location instead (a
 * URL, or a path relative to the page); then nothing is copied. Tablesaw writes titles as plain
 * strings, which plotly.js 2 reads and 3 no longer does, so the copy is the last 2.x release.
 */
public final class PlotlyPage {
    public static final String VERSION = "2.35.2";
    /** The copy's name beside the pages, and the default location. */
    public static final String FILE = "plotly-" + VERSION + ".min.js";
    /** System property that overrides the default location (e.g. {@code -Dvae.plotly.js=file:///…}). */
    public static final String PROPERTY = "vae.plotly.js";
    /** The element the plot is drawn into. */
    public static final String DIV = "plot";
    private static final String RESOURCE = "plotly/" + FILE;

    private PlotlyPage() {
    }

    /** The copy beside the page ({@value #FILE}), unless the system property {@value #PROPERTY} names another location. */
    public static String defaultLocation() {
        return System.getProperty(PROPERTY, FILE);
    }

    //> charts page
    // plotlyJs is FILE (the copy, written beside the page) or any location a <script src> takes
    public static void write(Figure figure, Path file, String plotlyJs) {
        String html = Page.pageBuilder(figure, DIV).plotlyJsLocation(plotlyJs).build().asJavascript();
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            if (plotlyJs.equals(FILE)) {
                copyBeside(parent);
            }
            Files.writeString(file, html, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ReportException(file + ": cannot write (" + e.getMessage() + ")", e);
        }
    }
    //< charts page

    /** Writes the project's copy of plotly.js into folder as {@value #FILE} (unless it is there already); returns it. */
    public static Path copyBeside(Path folder) throws IOException {
        Path copy = folder.resolve(FILE);
        try (InputStream in = PlotlyPage.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("the build has no " + RESOURCE + " among its resources");
            }
            byte[] bytes = in.readAllBytes();
            if (!Files.isRegularFile(copy) || Files.size(copy) != bytes.length) {
                Path part = folder.resolve(FILE + ".part");
                Files.write(part, bytes);
                Files.move(part, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        return copy;
    }
}
