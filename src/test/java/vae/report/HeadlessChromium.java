package vae.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.interactions.Sequence;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium driven by Selenium, for tests that open the HTML charts. It is found, not
 * downloaded: the browser and its driver from the system properties {@code vae.chromium} and
 * {@code vae.chromedriver}, else the first of {@code chromium}, {@code chromium-browser},
 * {@code google-chrome} and {@code chromedriver} on the PATH (Debian: {@code apt-get install chromium
 * chromium-driver}). The network is off: Chromium is told it is offline (the DevTools protocol's
 * network emulation), and any request that still went out would go to a proxy that is not there,
 * so a page that needs the network shows nothing. The pages load plotly.js from the copy that
 * {@link PlotlyPage} writes beside them.
 */
final class HeadlessChromium implements AutoCloseable {
    private final ChromeDriver driver;
    private final Path profile;

    private HeadlessChromium(Path chromium, Path chromedriver) throws IOException {
        profile = Files.createTempDirectory("vae-chromium-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        // this machine's network is closed: without the background flags Chromium's own connections fail
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1300,900",
                "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Network.emulateNetworkConditions",
                Map.of("offline", true, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
    }

    /** Why the browser test cannot run here (one line per missing piece), or an empty list. */
    static List<String> missing() {
        List<String> missing = new ArrayList<>();
        if (chromium() == null) {
            missing.add("no Chromium (apt-get install chromium, or -Dvae.chromium=PATH)");
        }
        if (chromedriver() == null) {
            missing.add("no chromedriver (apt-get install chromium-driver, or -Dvae.chromedriver=PATH)");
        }
        return missing;
    }

    /**
     * For a test class's {@code @BeforeEach}: skips the test, saying why on standard error, where
     * Chromium or its driver is missing; otherwise the class's browser, started on first use.
     */
    static HeadlessChromium startOrSkip(HeadlessChromium running, String test) {
        List<String> missing = missing();
        if (!missing.isEmpty()) {
            System.err.println(test + " skipped: " + String.join("; ", missing));
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(missing.isEmpty(), () -> "skipped: " + String.join("; ", missing));
        return running != null ? running : start();
    }

    static HeadlessChromium start() {
        try {
            return new HeadlessChromium(chromium(), chromedriver());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path chromium() {
        return find("vae.chromium", "chromium", "chromium-browser", "google-chrome");
    }

    static Path chromedriver() {
        return find("vae.chromedriver", "chromedriver");
    }

    private static Path find(String property, String... names) {
        String given = System.getProperty(property);
        if (given != null) {
            return Files.isExecutable(Path.of(given)) ? Path.of(given) : null;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            for (String name : names) {
                Path candidate = Path.of(dir, name);
                if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    /** Opens a page and waits (at most 30 s) until plotly.js has drawn the plot into it. */
    void open(Path page) {
        openUntil(page, "var gd = document.querySelector('.js-plotly-plot');"
                + " return !!(window.Plotly && gd && gd._fullLayout && gd.querySelector('svg.main-svg'));");
    }

    /** Opens a page and waits (at most 30 s) until the script {@code ready} returns true. */
    void openUntil(Path page, String ready) {
        driver.get(page.toUri().toString());
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> Boolean.TRUE.equals(script(ready)));
    }

    /**
     * Every location the open page loads from: its scripts, style sheets, images and frames, resolved
     * against the page; and whatever the browser's resource timing lists. (Links, such as plotly's
     * logo, are not loaded, and not counted.)
     */
    @SuppressWarnings("unchecked")
    List<String> requests() {
        return (List<String>) script("var named = Array.prototype.map.call(document.querySelectorAll('script[src], link[href], img[src], iframe[src]'),"
                + " function (e) { return e.src || e.href; });"
                + " return named.concat(performance.getEntriesByType('resource').map(function (e) { return e.name; }));");
    }

    /** Mouse actions on the open page. */
    Actions actions() {
        return new Actions(driver);
    }

    /** Performs pointer actions (a finger's, say) on the open page. */
    void perform(Sequence... actions) {
        driver.perform(List.of(actions));
    }

    /** The element of the open page with this id. */
    WebElement element(String id) {
        return driver.findElement(By.id(id));
    }

    /** A PNG of the browser's window as it shows the open page. */
    byte[] screenshot() {
        return driver.getScreenshotAs(OutputType.BYTES);
    }

    Object script(String javascript) {
        return ((JavascriptExecutor) driver).executeScript(javascript);
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary profile left behind is harmless
        }
    }
}
