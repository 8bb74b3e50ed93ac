package vae.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import vae.fast.VectorWidth;

/**
 * The command line: {@code vae train} (the default), with every option explained by {@code --help}.
 * A mistake in the input gets one line on standard error and a non-zero exit, never a stack trace;
 * a bug in the program says so, with the stack trace to report ({@link Errors}).
 */
@Command(name = "vae", mixinStandardHelpOptions = true, version = "vae 1.0.0",
        description = "A variational autoencoder on MNIST, written out by hand in plain Java.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, FiguresCommand.class, SweepCommand.class,
            ClassifierCommand.class, CommandLine.HelpCommand.class})
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
        String width = VectorWidth.PropertyCheck.problem(System.getProperty(VectorWidth.PROPERTY));
        if (width != null) {           // a JVM option, read before any kernel exists: checked first
            System.err.println("error: " + width);
            return 2;
        }
        return execute(new CommandLine(new Main()), withDefaultCommand(args));
    }

    /** Runs {@code cli} on {@code args}, every failure reported by {@link Errors}. */
    static int execute(CommandLine cli, String... args) {
        cli.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("error: " + ex.getMessage() + " (see --help)");
            err.flush();
            return 2;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> Errors.report(ex, commandLine.getErr()));
        try {
            return cli.execute(args);
        } catch (Error e) { // picocli lets an Error through: out of memory is one line, a StackOverflowError a bug
            return Errors.report(e, cli.getErr());
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
