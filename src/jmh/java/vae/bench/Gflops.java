package vae.bench;

import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs {@link FmaPeakBench} and {@link ProductBench} and prints one table in GFLOP/s:
 * <pre>
 * mvn -Pbench -DskipTests package
 * java --add-modules jdk.incubator.vector -cp target/benchmarks.jar vae.bench.Gflops
 * </pre>
 * Any arguments are JMH's own, e.g. {@code -f 2} or {@code -jvm /path/to/java}; the layers and
 * threads are chosen here.
 * The plain JMH runner works too: {@code java --add-modules jdk.incubator.vector -jar target/benchmarks.jar}.
 */
public final class Gflops {

    public static void main(String[] args) throws CommandLineOptionException, RunnerException {
        Options cli = new CommandLineOptions(args);
        List<String> rows = new ArrayList<>();
        for (int threads : new int[]{1, 2}) {
            Options peak = new OptionsBuilder().parent(cli)
                    .include(FmaPeakBench.class.getName()).threads(threads).verbosity(VerboseMode.SILENT).build();
            for (RunResult r : new Runner(peak).run()) {
                double us = r.getPrimaryResult().getScore();
                rows.add(String.format("%-22s %-10s %7d %-6s %10.1f %9.1f", "fma peak", "-", threads, "-", us,
                        threads * FmaPeakBench.flops() / us / 1e3));
            }
        }
        // the big layers on one and two threads; the small ones run on the caller whatever the threads
        List<RunResult> results = new ArrayList<>();
        // and the big layers again with the caches emptied before each call, as a training step finds them
        for (String[] plan : new String[][]{{"784x400", "400x784", "false", "1", "2"}, {"400x10", "10x400", "false", "1"},
                {"784x400", "400x784", "true", "2"}}) {
            Options products = new OptionsBuilder().parent(cli)
                    .include(ProductBench.class.getName() + ".")
                    .param("layer", plan[0], plan[1])
                    .param("cold", plan[2])
                    .param("threads", java.util.Arrays.copyOfRange(plan, 3, plan.length))
                    .verbosity(VerboseMode.SILENT).build();
            results.addAll(new Runner(products).run());
        }
        for (RunResult r : results) {
            String layer = r.getParams().getParam("layer");
            int threads = Integer.parseInt(r.getParams().getParam("threads"));
            int batch = Integer.parseInt(r.getParams().getParam("batch"));
            String[] parts = layer.split("x");
            double flops = 2.0 * batch * Integer.parseInt(parts[0]) * Integer.parseInt(parts[1]);
            double us = r.getPrimaryResult().getScore();
            String name = r.getParams().getBenchmark().replaceAll(".*\\.", "");
            String caches = Boolean.parseBoolean(r.getParams().getParam("cold")) ? "cold" : "warm";
            rows.add(String.format("%-22s %-10s %7d %-6s %10.1f %9.1f", name, batch + "x" + layer, threads, caches, us,
                    flops / us / 1e3));
        }
        System.out.println("java " + System.getProperty("java.version") + ", "
                + vae.fast.VectorWidth.SPECIES.length() + " float lanes, "
                + Runtime.getRuntime().availableProcessors() + " cores");
        System.out.printf("%-22s %-10s %7s %-6s %10s %9s%n", "kernel", "BxINxOUT", "threads", "caches", "us/call", "GFLOP/s");
        rows.forEach(System.out::println);
    }
}
