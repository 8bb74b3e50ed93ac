package vae.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line: {@code vae train} (the default), with every option explained by {@code --help}.
 * A mistake in the input gets one line on standard error and a non-zero exit, never a stack trace.
 */
@Command(name = "vae", mixinStandardHelpOptions = true, version = "vae 1.0.0",
        description = "A variational autoencoder on MNIST, written out by hand in plain Java.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, FiguresCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        int code = run(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    //> cli main
    /** Runs the command line and returns the exit code (0 success, 1 failure, 2 bad usage). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("error: " + ex.getMessage() + " (see --help)");
            err.flush();
            return 2;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            err.println("error: " + Errors.describe(ex));
            err.flush();
            return ex instanceof IllegalArgumentException ? 2 : 1;
        });
        try {
            return cli.execute(withDefaultCommand(args));
        } catch (OutOfMemoryError e) { // an Error, which picocli lets through: still one line
            System.err.println("error: " + Errors.describe(e));
            return 1;
        }
    }
    //< cli main

    /** {@code train} is the default: "vae --epochs 3" means "vae train --epochs 3". */
    static String[] withDefaultCommand(String[] args) {
        boolean topLevel = args.length > 0 && Arrays.asList("-h", "--help", "-V", "--version", "help").contains(args[0]);
        if (args.length == 0 || (args[0].startsWith("-") && !topLevel)) {
            String[] withTrain = new String[args.length + 1];
            withTrain[0] = "train";
            System.arraycopy(args, 0, withTrain, 1, args.length);
            return withTrain;
        }
        return args;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
