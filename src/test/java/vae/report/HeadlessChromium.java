package vae.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium driven by Selenium, for tests that open the HTML charts. It is found, not
 * downloaded: the browser and its driver from the system properties {@code vae.chromium} and
 * {@code vae.chromedriver}, else the first of {@code chromium}, {@code chromium-browser},
 * {@code google-chrome} and {@code chromedriver} on the PATH (Debian: {@code apt-get install chromium
 * chromium-driver}); plotly.js from {@code vae.plotly.local}, else
 * {@code tools/plotly/node_modules/plotly.js-dist-min/plotly.min.js} ({@code npm ci --prefix tools/plotly}).
 */
final class HeadlessChromium implements AutoCloseable {
    static final Path PLOTLY = Path.of("tools", "plotly", "node_modules", "plotly.js-dist-min", "plotly.min.js");

    private final ChromeDriver driver;
    private final Path profile;

    private HeadlessChromium(Path chromium, Path chromedriver) throws IOException {
        profile = Files.createTempDirectory("vae-chromium-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        // this machine's network is closed: without the background flags Chromium's own connections fail
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1300,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
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
        if (!Files.isRegularFile(plotly())) {
            missing.add("no local plotly.js at " + plotly() + " (npm ci --prefix tools/plotly, or -Dvae.plotly.local=FILE)");
        }
        return missing;
    }

    static HeadlessChromium start() {
        try {
            return new HeadlessChromium(chromium(), chromedriver());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path plotly() {
        return Path.of(System.getProperty("vae.plotly.local", PLOTLY.toString())).toAbsolutePath();
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
        driver.get(page.toUri().toString());
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> Boolean.TRUE.equals(script(
                "var gd = document.querySelector('.js-plotly-plot');"
                        + " return !!(window.Plotly && gd && gd._fullLayout && gd.querySelector('svg.main-svg'));")));
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
