package vae.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A probe's main method run in a JVM of its own, where a test needs JVM options of its own. */
final class ForkedJvm {
    private ForkedJvm() {
    }

    /**
     * Runs {@code main} with the test JVM's java and class path, the Vector API, 64-byte object
     * alignment (as training runs) and the options given; fails unless it exits with 0 within ten
     * minutes. Returns what it printed, its standard output and error, less the JVM's warnings.
     * {@code what} names the run in a failure ("the probe at 128 bits").
     */
    static List<String> run(String what, List<String> options, Class<?> main, String... args)
            throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector",
                "-XX:ObjectAlignmentInBytes=64", "-Xmx1g"));
        command.addAll(options);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), what + " did not finish");
        String text = new String(output, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), what + " failed:\n" + text);
        return text.lines().filter(l -> !l.startsWith("WARNING")).toList();
    }
}
